# uncertainty: a figure over the Monte Carlo samples: its histogram (bars,
# left axis) and its cumulative share (line, right axis: the share of the
# samples below each value), with the point estimate and the budget or
# deadline marked.
# Set by the script beside the picture: title_text, x_label, x_is_money,
# ymax, xmin, xmax, estimate, estimate_label, mark (NaN: none), mark_label,
# percentiles_label; data: block 0 a row per bin (left edge, right edge,
# share of samples in %), block 1 the CDF (value, share of samples below in %).
load template_dir . '/common.gp'

set title title_text . "\n" . scenario noenhanced
set xlabel x_label noenhanced
set ylabel 'share of samples in the bin (%)'
set y2label 'share of samples below (%)'
set xrange [xmin:xmax]
# Headroom above the bars and the CDF for the key and the percentiles.
set yrange [0:ymax * 1.8]
set y2range [0:180]
set y2tics 0, 20, 100 nomirror
ystep = nice(ymax / 5.0)
set ytics 0, ystep, ymax + ystep * 0.5 nomirror
set grid noxtics ytics
set border 11 lw 1.5 lc rgb '#444444'
if (x_is_money) { set format x money_prefix . '%.0f' }
set style fill solid 0.55 border rgb 'white'
set key top left vertical Left reverse nobox

set arrow 1 from estimate, graph 0 to estimate, graph 0.55 nohead front lc rgb '#009E73' lw 3 dt 3
if (mark == mark) {
    set arrow 2 from mark, graph 0 to mark, graph 0.55 nohead front lc rgb '#D55E00' lw 3 dt 2
}
# The marks' key entries (the lines are the arrows above), then the percentiles.
bars = 'data index 0 using (($1 + $2) / 2):3:($2 - $1) with boxes lc rgb "#0072B2" ' . \
    'title "samples in each bin"'
cdf = 'data index 1 using 1:2 axes x1y2 with lines lt 2 lw 3 title "share of samples below (right axis)"'
est = 'NaN with lines lc rgb "#009E73" lw 3 dt 3 title estimate_label noenhanced'
pct = 'NaN with points pt -1 title percentiles_label noenhanced'
if (mark == mark) {
    plot @bars, @cdf, @est, \
         NaN with lines lc rgb '#D55E00' lw 3 dt 2 title mark_label noenhanced, @pct
} else {
    plot @bars, @cdf, @est, @pct
}
