# sweep: one figure of a sweep against the swept value, a line for each
# value of the other axes.
# Set by sweep-KEY.gp beside the picture: scenario, figure (its label), unit
# (its unit, '' for none), axis (the swept path and unit), xlog (1: a log x
# axis), xmin, xmax (the swept values' range), nx, xnames (1: x is a list of
# names, x_labels[1..nx], at 0..nx-1; long_names: rotate them), nseries,
# series_title (the other axes' paths), series_names (the lines' values);
# data: block i - 1 is line i, rows of the swept value and the figure.
load template_dir . '/common.gp'

set title figure . "\n" . scenario noenhanced
set xlabel axis noenhanced
set ylabel (unit eq '' ? figure : figure . ' (' . unit . ')') noenhanced
if (xnames) {
    set xrange [-0.5:nx - 0.5]
    set xtics ()
    if (long_names) {
        set xtics rotate by -20 left
        set bmargin 10
    }
    do for [i = 1:nx] {
        set xtics add (x_labels[i] i - 1)
    }
} else {
    if (xlog) {
        set logscale x
        set xrange [xmin / 1.3:xmax * 1.3]
        log_lo = xmin
        log_hi = xmax
        eval log_tics('x', 'si')
        set mxtics 10
    } else {
        set xtics
    }
}
# The first and last points clear of the axes (a log or named x has its own margin).
xpad = (xnames || xlog) ? 0 : 0.03
set offsets graph xpad, graph xpad, graph 0.05, graph 0.05
set ytics
if (nseries > 1) {
    set key tmargin center horizontal title series_title noenhanced
} else {
    unset key
}
plot for [i = 1:nseries] data index i - 1 using 1:2 with linespoints lt i \
    title series_names[i] noenhanced
