# ratio: the monthly cost of the baseline divided by the candidate's,
# against traffic (log scales): the curve, its asymptote (token prices
# alone), the claimed ratio, where the claim would hold, and the scenario's
# traffic.  This is the picture behind "N times cheaper".
# Set by ratio.gp beside the picture: xmin, xmax, traffic, asymptote,
# claim, claim_traffic, claim_rises, breakeven (NaN where there is none),
# baseline_name, candidate_name, traffic_label, asymptote_label,
# claim_label, claim_short, breakeven_label; data: block 0 requests/day and the ratio,
# block 1 the scenario's traffic and its month-1 ratio.
load template_dir . '/common.gp'

set title 'Cost ratio ' . baseline_name . ' / ' . candidate_name . ' against traffic' . \
    "\n" . scenario noenhanced
set xlabel 'traffic (requests/day, log scale)'
set ylabel 'monthly cost ratio (log scale)'
set logscale xy
set xrange [xmin:xmax]
log_lo = xmin
log_hi = xmax
eval log_tics('x', 'si')
set mxtics 10

stats data index 1 using 2 nooutput
first_ratio = STATS_max
stats data index 0 using 2 nooutput
ratio_lo = STATS_min
ratio_hi = STATS_max
if (asymptote == asymptote && asymptote > ratio_hi) { ratio_hi = asymptote }
if (claim == claim && claim > ratio_hi) { ratio_hi = claim }
ratio_lo = ratio_lo < 0.1 ? ratio_lo : 0.1
if (ratio_lo > 0.5) { ratio_lo = 0.5 }
set yrange [ratio_lo:ratio_hi * 2.5]
set ytics ()
do for [k = floor(log10(ratio_lo)):ceil(log10(ratio_hi * 2.5))] {
    do for [m in "1 2 5"] {
        v = m * 10.0 ** k
        if (v >= ratio_lo && v <= ratio_hi * 2.5) { set ytics add (sprintf('%gx', v) v) }
    }
}
# The ratio rises with traffic: notes go above the curve on its left or
# below it on its right; the key goes under the plot, clear of both.
set bmargin at screen 0.31
set key at screen 0.1, screen 0.02 left bottom vertical reverse Left maxcols 1 nobox

# Where the claim would hold, shaded.
if (claim == claim && claim_traffic == claim_traffic) {
    if (claim_rises) {
        set object 1 rect from claim_traffic, graph 0 to graph 1, graph 1 behind \
            fc rgb '#009E73' fs transparent solid 0.15 noborder
    } else {
        set object 1 rect from graph 0, graph 0 to claim_traffic, graph 1 behind \
            fc rgb '#009E73' fs transparent solid 0.15 noborder
    }
}
if (claim == claim) {
    set label 3 claim_short at graph 0.02, first claim offset 0, 0.9 left \
        tc rgb '#D55E00' font font_face.' Bold,'.font_size noenhanced
}
if (breakeven == breakeven) {
    set arrow 2 from breakeven, graph 0 to breakeven, 1 nohead lc rgb mark_colour dt 3 lw 2
    set label 4 '' at breakeven, 1 point lt 8 pt 6 ps 2.5
    set label 2 breakeven_label at breakeven, 1 \
        offset -1, 0.8 right tc rgb note_colour
}
set arrow 1 from traffic, graph 0 to traffic, first_ratio nohead lc rgb mark_colour dt 2 lw 2

plot data index 0 using 1:2 with lines lt 1 lw 4 title 'cost ratio at this traffic mix', \
     (asymptote == asymptote ? asymptote : 1/0) with lines lt 8 dt 2 lw 2 title asymptote_label, \
     (claim == claim ? claim : 1/0) with lines lt 6 lw 3 title claim_label, \
     data index 1 using 1:2 with points lt 8 pt 7 ps 2.5 notitle, \
     data index 1 using 1:2:(traffic_label) with labels left offset 1.2, -1.2 notitle
