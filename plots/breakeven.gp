# breakeven: each inference option's monthly cost against traffic
# (requests a day, log scale), with the breakeven and the scenario's
# traffic marked.
# Set by breakeven.gp beside the picture: nopt, has_breakeven, xmin, xmax,
# traffic, breakeven, breakeven_cost, option_names, option_costs, traffic_label,
# breakeven_label; data: block 0 requests/day and a monthly cost per option,
# block 1 the scenario's traffic and month-1 costs, block 2 the breakeven.
load template_dir . '/common.gp'

set title 'Monthly cost against traffic' . "\n" . scenario noenhanced
set xlabel 'traffic (requests/day, log scale)'
set ylabel 'monthly cost (' . currency . ', log scale)' noenhanced
set logscale xy
set xrange [xmin:xmax]
log_lo = xmin
log_hi = xmax
eval log_tics('x', 'si')
set mxtics 10
cost_min = 1e300
cost_max = 0
do for [i = 2:nopt + 1] {
    stats data index 0 using i nooutput
    cost_min = (STATS_min > 0 && STATS_min < cost_min) ? STATS_min : cost_min
    cost_max = (STATS_max > cost_max) ? STATS_max : cost_max
}
set yrange [cost_min / 2:cost_max * 2]
log_lo = cost_min / 2
log_hi = cost_max * 2
eval log_tics('y', 'money_si')
set mytics 10
# Costs rise with traffic: the lower right stays clear for the key and the
# upper left for the notes.  The note on the left of the two is written
# leftwards from its line, the other rightwards.
set key bottom right opaque
traffic_left = has_breakeven && breakeven > traffic
set arrow 1 from traffic, graph 0 to traffic, graph 1 nohead lc rgb mark_colour dt 2 lw 2
if (traffic_left) {
    set label 1 traffic_label at traffic, graph 0.93 offset -0.8, 0 right tc rgb note_colour noenhanced
} else {
    set label 1 traffic_label at traffic, graph 0.93 offset 0.8, 0 left tc rgb note_colour noenhanced
}
if (has_breakeven) {
    set arrow 2 from breakeven, graph 0 to breakeven, graph 1 nohead lc rgb '#D55E00' dt 3 lw 2
    set label 3 '' at breakeven, breakeven_cost point lt 8 pt 6 ps 2.5
    if (traffic_left) {
        set label 2 breakeven_label at breakeven, graph 0.93 offset 0.8, 0 left \
            tc rgb '#D55E00' noenhanced
    } else {
        set label 2 breakeven_label at breakeven, graph 0.93 offset -0.8, 0 right \
            tc rgb '#D55E00' noenhanced
    }
}

# Without a breakeven, its note goes in the key.
plot for [i = 1:nopt] data index 0 using 1:(column(i + 1)) with lines lt i \
         title option_names[i] noenhanced, \
     keyentry title (has_breakeven ? '' : breakeven_label) noenhanced, \
     for [i = 1:nopt] data index 1 using 1:(column(i + 1)) with points lt i notitle, \
     for [i = 1:nopt] data index 1 using 1:(column(i + 1)):(option_costs[i]) with labels \
         left offset 1, -0.6 tc lt i notitle
