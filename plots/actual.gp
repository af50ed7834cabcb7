# actual: a job's cumulative cost (top) and tokens (bottom) against time
# since its first request: the plan (dashed), the log so far (solid) and,
# for a job still running, the projection to the finish (dotted); now and
# the deadline marked.
# Set by actual.gp beside the picture: scenario, currency, money_prefix,
# tscale (seconds a unit), tunit ('min' or 'h'), xmax, cost_max, tok_max,
# now_t, deadline_t (NaN: none), has_projection, plan_label, actual_label,
# projection_label, deadline_label; data: block 0 the log, 1 the plan, 2 the
# projection, each row seconds, cost, input tokens, output tokens.
load template_dir . '/common.gp'

set multiplot title 'Plan against actual' . "\n" . scenario font font_face.','.(font_size + 6) noenhanced
set xrange [0:xmax]
set xlabel 'time since the first request (' . tunit . ')'
set arrow 1 from now_t, graph 0 to now_t, graph 0.47 nohead lc rgb mark_colour dt 3 lw 2
set label 1 'now' at now_t, graph 0.47 offset 0.4, -0.6 left tc rgb note_colour
# The same left and right margins for both panels, so that their time axes line up.
set lmargin at screen 0.13
set rmargin at screen 0.97
if (deadline_t == deadline_t) {
    set arrow 2 from deadline_t, graph 0 to deadline_t, graph 0.47 nohead lc rgb '#D55E00' dt 2 lw 2
    set label 2 deadline_label at deadline_t, graph 0.06 offset -0.4, 0 right tc rgb '#D55E00' noenhanced
}

# Top: cost.  The lines stay in the lower half: the key goes above them.
set origin 0, 0.45
set size 1, 0.47
unset xlabel
set ylabel 'cost (' . currency . ')' noenhanced
money_top = cost_max / 0.45
set yrange [0:money_top]
money_step = nice(money_top / 4.0)
money_tic(v) = money_step < 0.01 ? money_prefix . sprintf('%.4f', v) : money_step < 1 ? money_prefix . sprintf('%.2f', v) : money_prefix . thousands(int(v + 0.5))
set ytics ()
do for [k = 0:int(money_top / money_step)] { set ytics add (money_tic(k * money_step) k * money_step) }
set key top left vertical Left reverse noenhanced
plot data index 1 using ($1 / tscale):2 with lines lt 8 dt 2 lw 2 title plan_label, \
     data index 0 using ($1 / tscale):2 with lines lt 1 lw 3 title actual_label, \
     data index 2 using ($1 / tscale):2 with lines lt 1 dt 3 lw 3 title projection_label

# Bottom: tokens.
set origin 0, 0
set size 1, 0.47
set xlabel 'time since the first request (' . tunit . ')'
set ylabel 'tokens'
tok_top = tok_max / 0.45
set yrange [0:tok_top]
tok_step = nice(tok_top / 4.0)
set ytics ()
do for [k = 0:int(tok_top / tok_step)] { set ytics add (si(k * tok_step) k * tok_step) }
unset label 2
set key top left vertical Left reverse noenhanced maxrows 3
plot data index 1 using ($1 / tscale):3 with lines lt 8 dt 2 lw 2 title 'input, planned', \
     data index 0 using ($1 / tscale):3 with lines lt 1 lw 3 title 'input', \
     data index 2 using ($1 / tscale):3 with lines lt 1 dt 3 lw 3 title (has_projection ? 'input, projected' : ''), \
     data index 1 using ($1 / tscale):4 with lines lt 6 dt 2 lw 2 title 'output, planned', \
     data index 0 using ($1 / tscale):4 with lines lt 2 lw 3 title 'output', \
     data index 2 using ($1 / tscale):4 with lines lt 2 dt 3 lw 3 title (has_projection ? 'output, projected' : '')
unset multiplot
