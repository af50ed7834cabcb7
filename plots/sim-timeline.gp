# sim-timeline: the simulated generation job's output tok/s against time,
# one stacked area a deployment (or a backend, when there are many), with
# the 429s of each step as a line on the right axis, the provisioning of the
# dedicated instances shaded, and the analytic and simulated ends marked.
# Set by sim-timeline.gp beside the picture: nlayers, layer_names,
# time_unit, analytic_end, simulated_end, xmax, ymax, rejected_max, nready,
# ready_at, analytic_label, simulated_label, subtitle; data: block 0 two
# rows a step (time, tok/s of each layer), block 1 a row a step (its start,
# its 429s) and one at the end, block 2 the provisioning (from, to).
load template_dir . '/common.gp'

set title 'Simulated generation: output tok/s of each deployment' . "\n" . scenario noenhanced
set xlabel 'time since the start of the job (' . time_unit . ')'
set ylabel 'output tok/s, stacked'
set xrange [0:xmax * 1.03]
set yrange [0:ymax * 1.45]
# The key under the plot, in one or two rows, clear of the axis label.
set bmargin at screen 0.2
set key at screen 0.5, screen 0.015 center bottom horizontal maxrows 2 nobox noenhanced
set label 1 subtitle at graph 0.01, graph 0.96 left tc rgb note_colour \
    font font_face.','.(font_size - 4) noenhanced front

# Provisioning: shaded until each instance is ready.
if (nready > 0) {
    do for [k = 1:nready] {
        set object k rect from 0, graph 0 to ready_at[k], graph 1 behind \
            fc rgb '#e8e8e8' fs solid 1.0 noborder
    }
    set label 2 'provisioning' at ready_at[1] / 2, graph 0.5 center rotate by 90 \
        tc rgb note_colour font font_face.','.(font_size - 4)
}

# The analytic and the simulated end of the job.
set arrow 1 from analytic_end, graph 0 to analytic_end, graph 0.88 nohead dt 2 lw 2 \
    lc rgb mark_colour front
set label 3 analytic_label . ' ' at analytic_end, graph 0.9 right tc rgb mark_colour \
    font font_face.','.(font_size - 4) noenhanced front
set arrow 2 from simulated_end, graph 0 to simulated_end, graph 0.8 nohead lw 2 \
    lc rgb '#000000' front
set label 4 simulated_label . ' ' at simulated_end, graph 0.82 right \
    font font_face.','.(font_size - 4) noenhanced front

stack = 'for [i = nlayers:1:-1] data index 0 using 1:(sum [k = 1:i] column(k + 1)) ' . \
    'with filledcurves x1 lt i fs solid 0.8 noborder title layer_names[i] noenhanced'
if (rejected_max > 0) {
    set y2label '429s in the step'
    set y2range [0:rejected_max * 3]
    set y2tics nomirror
    set border 11 lw 1.5 lc rgb '#444444'
    plot @stack, \
         data index 1 using 1:2 axes x1y2 with steps lw 2.5 lc rgb '#D55E00' \
             title '429s in the step (right axis)'
} else {
    plot @stack
}
