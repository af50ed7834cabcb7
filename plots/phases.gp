# phases: the one-off costs by phase as stacked bars, with their total.
# Set by phases.gp beside the picture: nseg, nbars, nseglabels, ymax, seg_names,
# seg_values, bar_names, bar_totals; data: block 0 a row per bar (bar, a
# column per segment, the total), block 1 the segment labels (bar, height,
# segment).
load template_dir . '/common.gp'

set title 'One-off costs by phase' . "\n" . scenario noenhanced
set ylabel 'cost (' . currency . ')' noenhanced
set xlabel ''
set style data histograms
set style histogram rowstacked
set style fill solid 1.0 border rgb 'white'
# Dark enough for white text on every segment.
bar_colours = '#0072B2 #B35900 #00785A #8E4585 #4D4D4D #A6192E'
set boxwidth 0.65
set xrange [-0.6:nbars - 0.4]
set grid noxtics ytics
set xtics scale 0
money_top = ymax * 1.15
set yrange [0:money_top]
eval money_ytics
set key outside right top vertical reverse Left invert width 1

bars = 'for [i = 1:nseg] data index 0 using (column(i + 1)):xtic(bar_names[int($0) + 1]) ' . \
    'title seg_names[i] noenhanced lc rgb word(bar_colours, (i - 1) % 6 + 1)'
totals = 'data index 0 using 0:(column(nseg + 2)):(bar_totals[int($0) + 1]) with labels ' . \
    'offset 0, 1 font font_face." Bold,".(font_size + 2) notitle'
# Segment labels only where a bar has several segments tall enough to hold one.
if (nseglabels > 0) {
    plot @bars, @totals, \
         data index 1 using 1:2:(seg_values[int($3)]) with labels tc rgb 'white' \
             font font_face.' Bold,'.(font_size - 2) notitle
} else {
    plot @bars, @totals
}
