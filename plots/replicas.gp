# replicas: one serving option's replicas at the peak hour, month by month
# (bars, left axis), with its hosting and its whole monthly cost (lines,
# right axis); months whose peak needs more replicas than 'max' are marked.
# Set by replicas-NAME.gp beside the picture: option_name, months,
# replicas_max, cost_max, any_over, capacity_label, last_label; data: month,
# replicas, replica-hours, hosting, monthly cost, over (1 or 0).
load template_dir . '/common.gp'

set title 'Replicas and cost of ' . option_name . ' by month' . "\n" . scenario noenhanced
set xlabel 'month'
set ylabel 'replicas at the peak hour'
set y2label 'cost a month (' . currency . ')' noenhanced
set xrange [0.4:months + 0.6]
set xtics 1
if (months > 12) { set xtics 0, ceil(months / 6.0) }
set yrange [0:(replicas_max < 1 ? 1 : replicas_max) * 1.7]
set ytics nomirror
if (replicas_max <= 12) { set ytics 1 }
money_top = (cost_max > 0 ? cost_max : 1) * 1.7
set y2range [0:money_top]
money_step = nice(money_top / 5.0)
set y2tics ()
do for [k = 0:int(money_top / money_step)] {
    set y2tics add (money(k * money_step, money_step) k * money_step)
}
set y2tics nomirror
set grid noytics
set style fill solid 0.55 noborder
set boxwidth 0.6
set key top left vertical Left reverse nobox
set bmargin at screen 0.2
set label 1 capacity_label at screen 0.02, screen 0.03 left tc rgb note_colour noenhanced
plot data using 1:2 with boxes lt 5 title 'replicas at the peak hour', \
     data using 1:($6 > 0 ? $2 : 1/0) with boxes lt 6 \
         title (any_over ? 'peak needs more than max' : ''), \
     data using 1:4 axes x1y2 with linespoints lt 2 pointinterval ceil(months / 12.0) \
         title 'hosting', \
     data using 1:5 axes x1y2 with linespoints lt 1 pointinterval ceil(months / 12.0) \
         title 'the whole month (hosting and tokens); ' . last_label noenhanced
