# The look shared by every raftcost plot: terminal, fonts, colours, axes.
# Each template loads this first.  The script beside the picture sets
# plot_format ('png', 'svg' or 'pdf') and out (the file to draw).
#
# Sizes are for a 1280x720 slide: text must stay readable on a projector.
# All text is noenhanced: names from the scenario are shown as written.

if (!exists("plot_format")) plot_format = 'png'
font_face = 'DejaVu Sans'
font_size = 18

if (plot_format eq 'svg') {
    set terminal svg size 1280,720 dynamic noenhanced font font_face.','.font_size \
        background rgb 'white'
} else {
    if (plot_format eq 'pdf') {
        # 1280x720 points at 72 per inch: the same proportions as the PNG.
        set terminal pdfcairo size 17.78in,10in noenhanced font font_face.','.font_size
    } else {
        set terminal pngcairo size 1280,720 noenhanced font font_face.','.font_size \
            background rgb 'white'
    }
}
set output out

# Okabe-Ito colours: told apart with the common kinds of colour blindness.
set linetype 1 lc rgb '#0072B2' lw 3 pt 7 ps 1.8
set linetype 2 lc rgb '#E69F00' lw 3 pt 5 ps 1.8
set linetype 3 lc rgb '#009E73' lw 3 pt 9 ps 2.0
set linetype 4 lc rgb '#CC79A7' lw 3 pt 13 ps 2.0
set linetype 5 lc rgb '#56B4E9' lw 3 pt 11 ps 2.0
set linetype 6 lc rgb '#D55E00' lw 3 pt 15 ps 1.8
set linetype 7 lc rgb '#F0E442' lw 3 pt 7 ps 1.8
set linetype 8 lc rgb '#000000' lw 3 pt 5 ps 1.8
set linetype cycle 8
mark_colour = '#555555'
note_colour = '#333333'

set border 3 lw 1.5 lc rgb '#444444'
set tics nomirror out scale 0.6
set style line 100 lc rgb '#d8d8d8' lw 1 dt 1
set grid ls 100
set key noenhanced opaque box lc rgb '#cccccc' samplen 2 spacing 1.2
set title font font_face.','.(font_size + 6)
set datafile missing 'NaN'

# Numbers for tic labels, written by the templates' own tic loops.
# thousands(1234567) = '1,234,567'; si(25000) = '25k'; nice(x) = 1, 2 or 5 x 10^n >= x.
thousands(n) = n < 1000 ? sprintf('%d', n) : thousands(int(n / 1000)) . sprintf(',%03d', int(n) % 1000)
si(x) = x >= 1e12 ? sprintf('%gT', x / 1e12) : x >= 1e9 ? sprintf('%gB', x / 1e9) : \
        x >= 1e6 ? sprintf('%gM', x / 1e6) : x >= 1e3 ? sprintf('%gk', x / 1e3) : sprintf('%g', x)
nice(x) = (nice_e = 10.0 ** floor(log10(x)), nice_f = x / nice_e, \
           (nice_f <= 1 ? 1 : nice_f <= 2 ? 2 : nice_f <= 5 ? 5 : 10) * nice_e)
money(x, step) = step < 1 ? money_prefix . sprintf('%.2f', x) : money_prefix . thousands(int(x + 0.5))
money_si(x) = money_prefix . si(x)

# Tics on a linear money axis from 0 to money_top (set money_top first): eval money_ytics
money_ytics = 'money_step = nice(money_top / 5.0); set ytics (); ' . \
    'do for [k = 0:int(money_top / money_step)] { set ytics add (money(k * money_step, money_step) k * money_step) }'
# Tics at the powers of ten from log_lo to log_hi on a log axis (axis set first):
# eval log_tics('x', 'si') or eval log_tics('y', 'money_si')
log_tics(axis, fn) = sprintf('set %stics (); do for [k = floor(log10(log_lo)):ceil(log10(log_hi))] ' . \
    '{ set %stics add (%s(10.0 ** k) 10.0 ** k) }', axis, axis, fn)
