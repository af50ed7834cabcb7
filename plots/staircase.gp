# staircase: the monthly cost of each other option divided by the
# candidate's, against traffic (log scales), where the candidate's hosting
# is sized: a replica is added each time the peak hour fills the ones there
# are, so the ratio climbs and falls back, a staircase under the best ratio
# (whole replicas fully used).  The claim and the scenario's traffic are
# marked.
# Set by staircase.gp beside the picture: nb, xmin, xmax, traffic, claim
# (NaN: none), best[nb], candidate_name, baseline_names[nb],
# month1_labels[nb], claim_label; data: block 0 requests/day and a ratio per
# option, block 1 the scenario's traffic and each option's month-1 ratio.
load template_dir . '/common.gp'

set title 'Cost ratio over ' . candidate_name . ' against traffic (sized hosting)' . \
    "\n" . scenario noenhanced
set xlabel 'traffic (requests/day, log scale)'
set ylabel 'monthly cost ratio (log scale)'
set logscale xy
set xrange [xmin:xmax]
log_lo = xmin
log_hi = xmax
eval log_tics('x', 'si')
set mxtics 10

ratio_lo = 1e300
ratio_hi = 0
do for [i = 2:nb + 1] {
    stats data index 0 using i nooutput
    if (STATS_min < ratio_lo) { ratio_lo = STATS_min }
    if (STATS_max > ratio_hi) { ratio_hi = STATS_max }
}
if (claim == claim && claim > ratio_hi) { ratio_hi = claim }
ratio_lo = ratio_lo < 0.1 ? ratio_lo : 0.1
set yrange [ratio_lo:ratio_hi * 3]
set ytics ()
do for [k = floor(log10(ratio_lo)):ceil(log10(ratio_hi * 3))] {
    do for [m in "1 2 5"] {
        v = m * 10.0 ** k
        if (v >= ratio_lo && v <= ratio_hi * 3) { set ytics add (sprintf('%gx', v) v) }
    }
}
# The key under the plot, in two columns: each option's line, best ratio and point.
entries = nb * 3 + (claim == claim ? 1 : 0)
key_rows = int((entries + 1) / 2)
set bmargin at screen 0.13 + 0.047 * key_rows
set key at screen 0.02, screen 0.01 left bottom vertical reverse Left maxrows key_rows \
    width -4 nobox noopaque

set arrow 1 from traffic, graph 0 to traffic, graph 1 nohead lc rgb mark_colour dt 2 lw 2
set label 1 'this scenario' at traffic, graph 0.04 offset 0.6, 0 left tc rgb note_colour
if (claim == claim) {
    set label 3 claim_label at graph 0.02, graph 0.95 left tc rgb '#D55E00' noenhanced
}

plot for [i = 1:nb] data index 0 using 1:(column(i + 1)) with lines lt i lw 3 \
         title baseline_names[i] . ' / ' . candidate_name noenhanced, \
     for [i = 1:nb] best[i] with lines lt i dt 2 lw 2 \
         title sprintf('best %.2fx (full replicas), ', best[i]) . baseline_names[i] noenhanced, \
     (claim == claim ? claim : 1/0) with lines lt 6 lw 3 \
         title (claim == claim ? sprintf('claimed %gx', claim) : '') noenhanced, \
     for [i = 1:nb] data index 1 using 1:(column(i + 1)) with points lt i pt 7 ps 2.2 \
         title month1_labels[i] noenhanced
