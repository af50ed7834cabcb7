# stream: each deployment's per-stream decode speed against the concurrency
# it ran at (one point a call), with its calibrated line: the least-squares
# fit of speed against concurrency, or its p50 speed where the concurrency
# did not vary.
# Set by stream.gp beside the picture: scenario, log_name, ndep, dep_names,
# line_a, line_b (speed = a + b x concurrency), line_lo, line_hi (the
# concurrency each line spans), xmax, ymax; data: a block a deployment,
# concurrency and tok/s of each call.
load template_dir . '/common.gp'

set title 'Per-stream decode speed against concurrency' . "\n" . scenario . ' (' . log_name . ')' noenhanced
set xlabel 'concurrency at the deployment (requests in flight, time-weighted)'
set ylabel 'per-stream speed (output tok/s)'
set xrange [0:xmax]
set yrange [0:ymax]
set samples 400
# The key under the plot, a line a deployment: names can be long.
set bmargin at screen 0.15 + ndep * 0.05
set key at screen 0.01, screen 0.01 left bottom vertical maxrows ndep reverse Left nobox noenhanced samplen 1.5
line(i, x) = (x >= line_lo[i] && x <= line_hi[i]) ? line_a[i] + line_b[i] * x : NaN
plot for [i = 1:ndep] data index (i - 1) using 1:2 with points lt i pt 7 ps 1.0 \
         title dep_names[i] noenhanced, \
     for [i = 1:ndep] line(i, x) with lines lt i lw 4 notitle
