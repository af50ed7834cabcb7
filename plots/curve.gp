# curve: throughput against concurrency: the measured points, each fitted
# curve with its knee (where it reaches 90% of its maximum) and the usl
# peak, and for a scenario's backend the concurrency the scenario uses.
# Set by curve-NAME.gp beside the picture: title_text, subtitle,
# ylabel_text, xmax, ymax, measured_min, measured_max, nfits, nknees,
# npeaks, has_used, fit_lt, fit_titles, points_title, used_label, warning;
# data: block 0 concurrency and a column per curve, block 1 the measured
# points, block 2 each curve's knee and peak, block 3 (has_used) the
# scenario's concurrency and the throughput there.
load template_dir . '/common.gp'

set title title_text . "\n" . subtitle noenhanced
set xlabel 'concurrency (requests in flight)'
set ylabel ylabel_text noenhanced
set xrange [0:xmax]
set yrange [0:ymax]
# Throughput tics with thousands separators.
tok_step = nice(ymax / 6.0)
tok_tic(v) = tok_step < 1 ? sprintf('%g', v) : thousands(int(v + 0.5))
set ytics ()
do for [k = 0:int(ymax / tok_step)] { set ytics add (tok_tic(k * tok_step) k * tok_step) }
set mxtics 2

# Where the curves are extrapolated: grey outside the measured range.
beyond = '#ebebeb'
if (measured_max < xmax) {
    set object 1 rect from measured_max, graph 0 to graph 1, graph 1 behind \
        fc rgb beyond fs solid 1.0 noborder
}
if (measured_min > 0) {
    set object 2 rect from graph 0, graph 0 to measured_min, graph 1 behind \
        fc rgb beyond fs solid 1.0 noborder
}
# The key under the plot, clear of the curves and the marks, in two
# columns: the curves, the scenario's concurrency and the points on the
# left (the long entries), what the marks mean on the right.
# Both columns filled to the same height with blank entries: gnuplot
# balances the rows of a key, and would move entries to the other column.
key_left = nfits + has_used + 1
key_right = (nknees > 0) + (npeaks > 0) + 1
key_rows = key_left > key_right ? key_left : key_right
set bmargin at screen 0.17 + key_rows * 0.047
# gnuplot sizes the columns for its widest estimate of the longest entry
# (15 px a character at this size, against about 12.5 for real text):
# narrowed by a fifth of it (less 2), the right column sits close to the left.
longest = strlen(points_title)
do for [i = 1:nfits] { longest = strlen(fit_titles[i]) > longest ? strlen(fit_titles[i]) : longest }
if (has_used && strlen(used_label) > longest) { longest = strlen(used_label) }
longest = longest < 24 ? 24 : longest
set key at screen 0.01, screen 0.01 left bottom vertical maxrows key_rows reverse Left \
    nobox samplen 1.5 width 2 - int(longest / 5.0)
# The warning above the curves: the y range leaves the top 13% free.
if (warning ne '') {
    set label 1 warning at graph 0.02, graph 0.955 left tc rgb '#D55E00' noenhanced
}

# Drawn in this order: curves, marks, points, and the scenario's
# concurrency on top; keyentry lists them in the key's order instead.
plot_cmd = 'for [i = 1:nfits] data index 0 using 1:(column(i + 1)) with lines lt fit_lt[i] ' . \
    'title fit_titles[i] noenhanced'
if (has_used) {
    plot_cmd = plot_cmd . ', keyentry with points lt 6 pt 7 ps 3 title used_label noenhanced'
}
plot_cmd = plot_cmd . ', keyentry with points lt 8 pt 7 ps 1.8 title points_title noenhanced'
blank = ", keyentry with lines lc rgb 'white' title ' '"
do for [i = key_left + 1:key_rows] { plot_cmd = plot_cmd . blank }
# The marks' entries in grey: each mark has its curve's colour.
if (nknees > 0) {
    plot_cmd = plot_cmd . ', keyentry with points pt 12 ps 3.2 lw 3 lc rgb mark_colour ' . \
        "title 'knee: 90% of the maximum'"
}
if (npeaks > 0) {
    plot_cmd = plot_cmd . ', keyentry with points pt 8 ps 3.2 lw 3 lc rgb mark_colour ' . \
        "title 'peak of the usl curve'"
}
plot_cmd = plot_cmd . ', keyentry with boxes fc rgb beyond fs solid 1.0 noborder ' . \
    "title 'outside the measured range'"
do for [i = key_right + 1:key_rows] { plot_cmd = plot_cmd . blank }
if (nknees > 0) {
    plot_cmd = plot_cmd . ', data index 2 using 2:3:(fit_lt[int($1)]) with points pt 12 ' . \
        'ps 3.2 lw 3 lc variable notitle'
}
if (npeaks > 0) {
    plot_cmd = plot_cmd . ', data index 2 using 4:5:(fit_lt[int($1)]) with points pt 8 ' . \
        'ps 3.2 lw 3 lc variable notitle'
}
plot_cmd = plot_cmd . ', data index 1 using 1:2 with points lt 8 pt 7 ps 1.8 notitle'
if (has_used) {
    # A dashed line from the axis up to the point.
    plot_cmd = plot_cmd . ', data index 3 using 1:2 with impulses lt 8 dt 2 lw 2 notitle, ' . \
        'data index 3 using 1:2 with points lt 6 pt 7 ps 3 notitle'
}
plot @plot_cmd
