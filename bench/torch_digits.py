# The digits configuration of the speed peer (issue 16): torch_ref.py's MLPs and one-thread
# PyTorch, on 14 x 14 digits (196 inputs/outputs), 2 hidden ReLU layers of 256, batch 64,
# z in 64 dimensions; the non-saturating GAN (1 + 1 steps) or WGAN-GP (5 critic steps with the
# penalty + 1). Random pixels stand in for the digits: the time does not depend on their values.
# Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 torch_digits.py nonsaturating|wgan-gp [seconds, default 8]
#   -> ms per iteration, wall and CPU (JSON)
import json, sys, time, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(1)
def mlp(i, h, o, L):
    mods, d = [], i
    for _ in range(L):
        mods += [nn.Linear(d, h), nn.ReLU()]; d = h
    mods.append(nn.Linear(d, o))
    return nn.Sequential(*mods)
loss = sys.argv[1]
P, H, L, B, Z = 196, 256, 2, 64, 64
torch.manual_seed(0)
data = torch.rand(9000, P)
G, D = mlp(Z, H, P, L), mlp(P, H, 1, L)
if loss == 'wgan-gp':
    oG = torch.optim.Adam(G.parameters(), lr=1e-4, betas=(0.0, 0.9)); oD = torch.optim.Adam(D.parameters(), lr=1e-4, betas=(0.0, 0.9)); ncrit = 5
else:
    oG = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999)); oD = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999)); ncrit = 1
def step():
    for _ in range(ncrit):
        x = data[torch.randint(0, data.shape[0], (B,))]
        with torch.no_grad(): f = G(torch.randn(B, Z))
        if loss == 'wgan-gp':
            a = torch.rand(B, 1)
            xi = (a * x + (1 - a) * f).requires_grad_(True)
            g, = torch.autograd.grad(D(xi).sum(), xi, create_graph=True)
            l = D(f).mean() - D(x).mean() + 10 * ((g.norm(2, dim=1) - 1) ** 2).mean()
        else:
            l = 0.5 * (F.softplus(-D(x)).mean() + F.softplus(D(f)).mean())
        oD.zero_grad(); l.backward(); oD.step()
    out = D(G(torch.randn(B, Z)))
    lg = -out.mean() if loss == 'wgan-gp' else F.softplus(-out).mean()
    oG.zero_grad(); lg.backward(); oG.step()
for _ in range(5): step()
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 8
n, t, c = 0, time.perf_counter(), time.process_time()
while time.perf_counter() - t < seconds: step(); n += 1
# CPU time too: on a shared machine it is what the process itself spent, whoever else ran
print(json.dumps({"torch": torch.__version__, "loss": loss, "ms_per_iter": (time.perf_counter() - t) / n * 1000, "cpu_ms_per_iter": (time.process_time() - c) / n * 1000, "iters": n}))
