# generation: the generation job's wall time against its cost, for each
# backend doing the whole job alone and for the mix the scenario routes.
# Set by generation.gp beside the picture: npoints, has_mix, xmax, ymax,
# point_names, point_details, mix_name, mix_detail; data: block 0 a row per
# backend alone (hours, cost), block 1 the mix.
load template_dir . '/common.gp'

set title 'Generation: time against cost' . "\n" . scenario noenhanced
set xlabel 'wall time of the job (hours)'
set ylabel 'cost (' . currency . ')' noenhanced
set xrange [0:xmax * 1.1]
money_top = ymax * 1.15
set yrange [0:money_top]
eval money_ytics
# The key under the plot, one entry a line, clear of the axis label.
key_height = (npoints + 1) * 0.047
set bmargin at screen key_height + 0.16
set key at screen 0.1, screen 0.02 left bottom vertical reverse Left maxcols 1 nobox
set label 1 'faster and cheaper: towards the lower left' at graph 0.02, graph 0.04 left \
    tc rgb note_colour font font_face.','.(font_size - 3)

# One legend entry per point, so that no text lands on another point.  With
# one backend, the mix is that backend alone: one point.
alone = 'for [i = 1:npoints] data index 0 every ::(i - 1)::(i - 1) using 1:2 with points ' . \
    'lt i pt 7 ps 2.5 title point_names[i] . ": " . point_details[i] noenhanced'
if (has_mix) {
    plot @alone, \
         data index 1 using 1:2 with points lt 6 pt 9 ps 3.5 \
             title mix_name . ': ' . mix_detail noenhanced
} else {
    plot @alone
}
