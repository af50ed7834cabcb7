# latency: the 95th percentile of latency (and of time to first token)
# against the load of one replica: the analytic estimate as lines, the
# simulation as points, the target as a horizontal line and the capacity as
# a vertical one.
# Set by latency-NAME.gp beside the picture: option_name, stable_rate,
# capacity, latency_target, ttft_target (NaN: none), has_sim, ymax,
# capacity_label, sim_label; data: block 0 requests/s and the estimate's
# latency and TTFT p95 (s), block 1 the same from the simulation.
load template_dir . '/common.gp'

set title 'Latency against load, one replica of ' . option_name . "\n" . scenario noenhanced
set xlabel 'arrivals (requests/s a replica, Poisson)'
set ylabel '95th percentile (s)'
set xrange [0:stable_rate * 1.02]
set yrange [0:ymax]
# The key under the plot, in two columns.
entries = 1 + (latency_target == latency_target) + 2 * (ttft_target == ttft_target) + \
    has_sim * (1 + (ttft_target == ttft_target))
key_rows = int((entries + 1) / 2)
set bmargin at screen 0.13 + 0.047 * key_rows
set key at screen 0.02, screen 0.01 left bottom vertical reverse Left maxrows key_rows \
    width -4 nobox noopaque
set arrow 1 from capacity, graph 0 to capacity, graph 1 nohead lc rgb '#009E73' lw 3
set label 1 capacity_label at capacity, graph 0.95 offset -0.8, 0 right tc rgb note_colour \
    noenhanced
set arrow 2 from stable_rate, graph 0 to stable_rate, graph 1 nohead lc rgb mark_colour dt 3 lw 2
if (has_sim) { set label 2 sim_label at graph 0.02, graph 0.86 left tc rgb note_colour noenhanced }

plot data index 0 using 1:2 with lines lt 1 lw 3 title 'latency p95, estimate', \
     data index 0 using 1:(ttft_target == ttft_target ? $3 : 1/0) with lines lt 2 lw 3 \
         title (ttft_target == ttft_target ? 'time to first token p95, estimate' : ''), \
     data index 1 using 1:(has_sim ? $2 : 1/0) with points lt 1 pt 7 ps 2 \
         title (has_sim ? 'latency p95, simulated' : '') noenhanced, \
     data index 1 using 1:(has_sim && ttft_target == ttft_target ? $3 : 1/0) with points lt 2 \
         pt 5 ps 2 title (has_sim && ttft_target == ttft_target ? 'time to first token p95, simulated' : ''), \
     (latency_target == latency_target ? latency_target : 1/0) with lines lt 6 lw 2 dt 2 \
         title (latency_target == latency_target ? sprintf('latency target %g s', latency_target) : ''), \
     (ttft_target == ttft_target ? ttft_target : 1/0) with lines lt 4 lw 2 dt 2 \
         title (ttft_target == ttft_target ? sprintf('time to first token target %g s', ttft_target) : '')
