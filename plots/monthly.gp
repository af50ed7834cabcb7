# monthly: each inference option's cost month by month (left), and the
# cumulative cost over the horizon with the candidate's one-off costs
# (right), payback marked.
# Set by monthly.gp beside the picture: nopt, months, candidate (0: none),
# option_names, option_totals, payback_months, payback_cost (NaN: none),
# payback_label, payback_note; data: block 0 month and a monthly cost per option, block 1
# month (from 0) and a cumulative cost per option.
load template_dir . '/common.gp'

# The ranges first: stats reads only the points inside the ranges set.
month_max = 0
cum_max = 0
do for [i = 2:nopt + 1] {
    stats data index 0 using i nooutput
    month_max = (STATS_max > month_max) ? STATS_max : month_max
    stats data index 1 using i nooutput
    cum_max = (STATS_max > cum_max) ? STATS_max : cum_max
}
if (month_max <= 0) { month_max = 1 }
if (cum_max <= 0) { cum_max = 1 }

# Two panels: the monthly bills narrower, the cumulative costs wider.
set multiplot title 'Inference over ' . months . ' months' . "\n" . scenario \
    font font_face.','.(font_size + 6) noenhanced
set xlabel 'month'
set ylabel 'cost (' . currency . ')' noenhanced
set xtics 1
if (months > 12) { set xtics 0, ceil(months / 6.0) }

# Left: the bill of each month.  The top quarter stays free for the key.
set title 'monthly cost' font font_face.','.(font_size + 2)
set origin 0, 0
set size 0.42, 0.86
set xrange [0.5:months + 0.5]
if (months > 8) { set xtics 0, ceil(months / 6.0) }
money_top = month_max * 1.35
set yrange [0:money_top]
eval money_ytics
set key top right vertical Left reverse nobox
plot for [i = 1:nopt] data index 0 using 1:(column(i + 1)) with linespoints lt i \
         pointinterval ceil(months / 12.0) \
     title option_names[i] noenhanced

# Right: what has been spent by the end of each month.  Lines stay below
# two thirds of the height: the key and the payback note go above them.
set title 'cumulative cost' . (candidate > 0 ? ', ' . option_names[candidate] . \
    ' with its one-off costs' : '') font font_face.','.(font_size + 2) noenhanced
set origin 0.42, 0
set size 0.58, 0.86
set xrange [0:months]
money_top = cum_max * 1.5
set yrange [0:money_top]
eval money_ytics
set key top left vertical Left reverse nobox
if (payback_months == payback_months) {
    set arrow 1 from payback_months, graph 0 to payback_months, graph 0.72 nohead \
        lc rgb mark_colour dt 2 lw 2
    if (payback_months < months / 2.0) {
        set label 1 payback_label . "\n" . payback_note at payback_months, graph 0.72 offset 0.6, 0 left \
            tc rgb note_colour noenhanced
    } else {
        set label 1 payback_label . "\n" . payback_note at payback_months, graph 0.72 offset -0.6, 0 right \
            tc rgb note_colour noenhanced
    }
} else {
    set label 1 payback_label . "\n" . payback_note at graph 0.02, graph 0.72 left tc rgb note_colour noenhanced
}
if (payback_months == payback_months) {
    set label 2 '' at payback_months, payback_cost point lt 8 pt 6 ps 2.5
}
plot for [i = 1:nopt] data index 1 using 1:(column(i + 1)) with lines lt i \
         title option_names[i] . ': ' . option_totals[i] noenhanced
unset multiplot
