# sim-latency: the histogram of the simulated requests' latencies (first
# attempt to last token, retries and queueing included), log-spaced bins,
# with p50, p90 and p99 marked.
# Set by sim-latency.gp beside the picture: xmin, xmax, ymax, p50, p90,
# p99, subtitle; data: block 0 a row a bin (from s, to s, requests).
load template_dir . '/common.gp'

set title 'Simulated latency of each request (first attempt to last token)' . "\n" . \
    scenario noenhanced
set xlabel 'latency (seconds, log scale)'
set ylabel 'requests'
set logscale x
set xrange [xmin / 1.5:xmax * 1.5]
set yrange [0:ymax * 1.35]
set style fill solid 0.8 border lc rgb '#ffffff'
unset key
set label 10 subtitle at graph 0.01, graph 0.97 left tc rgb note_colour \
    font font_face.','.(font_size - 4) noenhanced front

# Tics at 1, 2 and 5 times the powers of ten in range.
set xtics ()
do for [k = floor(log10(xmin / 1.5)):ceil(log10(xmax * 1.5))] {
    do for [m in '1 2 5'] {
        v = real(m) * 10.0 ** k
        if (v >= xmin / 1.5 && v <= xmax * 1.5) { set xtics add (sprintf('%g', v) v) }
    }
}

# p50, p90 and p99: a dashed line each, labelled at its own height.
marks = 'p50 p90 p99'
values = sprintf('%.17g %.17g %.17g', p50, p90, p99)
do for [k = 1:3] {
    v = real(word(values, k))
    if (v == v) {
        set arrow k from v, graph 0 to v, graph 0.9 - 0.07 * k nohead dt 2 lw 2 \
            lc rgb mark_colour front
        set label k ' ' . word(marks, k) at v, graph 0.92 - 0.07 * k left tc rgb mark_colour \
            font font_face.','.(font_size - 4) front
    }
}

plot data index 0 using (sqrt($1 * $2)):3:1:2:(0):3 with boxxyerror lt 1 notitle
