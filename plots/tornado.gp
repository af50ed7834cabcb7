# tornado: a figure with each uncertain input at its P10 and at its P90,
# every other input at its base; one row an input, the largest swing at the
# top, a line at the figure with every input at its base.
# Set by tornado.gp beside the picture: nrows, title_text, x_label,
# x_is_money, xmin, xmax, base, base_label, row_names, row_ranges,
# low_labels, high_labels; data: block 0 a row per input (row, the figure
# at the input's P10, at its P90; NaN: does not exist).
load template_dir . '/common.gp'

set multiplot title title_text . "\n" . scenario font font_face.','.(font_size + 6) noenhanced
set xlabel x_label noenhanced
set xrange [xmin:xmax]
set yrange [nrows + 0.6:0.4]
# The inputs' names are labels, not tics: a tic label would be read as a format.
unset ytics
set grid xtics noytics
set xtics nomirror
if (x_is_money) { set format x money_prefix . '%.0f' }
set style fill solid 0.85 border rgb 'white'
set lmargin at screen 0.36
set rmargin at screen 0.95
set tmargin at screen 0.80
set bmargin at screen 0.20
set key at screen 0.655, screen 0.02 center bottom horizontal nobox
set arrow 1 from base, graph 0 to base, graph 1.02 nohead lc rgb mark_colour lw 2 dt 2
set label 1 base_label at base, graph 1.02 offset 0, 0.7 center tc rgb note_colour noenhanced

# Each row: the input at its P10 in the upper half, at its P90 in the lower
# half, each a bar from the base to the figure there; its value at the end.
bar(v) = v == v ? v : base
left(v) = v == v && v < base ? v : NaN
right(v) = v == v && v >= base ? v : NaN
small = font_face.','.(font_size - 5)
plot data index 0 using (xmin):1:(row_names[int($1)] . "\n" . row_ranges[int($1)]) \
         with labels right offset char -1, 0 font font_face.','.(font_size - 3) notitle, \
     data index 0 using ((base + bar($2)) / 2):($1 - 0.18):(abs(bar($2) - base) / 2):(0.17) \
         with boxxyerror lc rgb '#0072B2' title 'input at its P10', \
     data index 0 using ((base + bar($3)) / 2):($1 + 0.18):(abs(bar($3) - base) / 2):(0.17) \
         with boxxyerror lc rgb '#E69F00' title 'input at its P90', \
     data index 0 using (left($2)):($1 - 0.18):(low_labels[int($1)]) with labels right \
         offset char -0.4, 0 font small notitle, \
     data index 0 using (right($2)):($1 - 0.18):(low_labels[int($1)]) with labels left \
         offset char 0.4, 0 font small notitle, \
     data index 0 using (left($3)):($1 + 0.18):(high_labels[int($1)]) with labels right \
         offset char -0.4, 0 font small notitle, \
     data index 0 using (right($3)):($1 + 0.18):(high_labels[int($1)]) with labels left \
         offset char 0.4, 0 font small notitle
unset multiplot
