"""Learning rate under linear warm-up followed by cosine decay to a floor."""

import math

from dlprep.deck.families import Generated, fmt, term


def generate(rng):
    base = rng.choice([0.1, 0.2, 0.4, 0.05, 1.0])
    floor = rng.choice([0.0, 0.0, base / 100, base / 10])
    if rng.random() < 0.5:
        warm, total = rng.choice([5, 10, 20]), rng.choice([50, 100, 200, 300])
    else:
        warm, total = rng.choice([500, 1000, 2000]), rng.choice([10000, 20000, 50000])
    if rng.random() < 0.25:
        t = rng.randint(1, warm - 1)
    else:
        t = rng.randint(warm + 1, total - 1)
    if t < warm:
        lr = base * t / warm
    else:
        lr = floor + 0.5 * (base - floor) * (1 + math.cos(math.pi * (t - warm) / (total - warm)))
    prompt = {
        "en": (f"Schedule: base lr = {fmt(base)}, warm-up W = {warm} steps, T = {total} steps in total, minimum lr = "
               f"{fmt(floor)}. lr_t = base·t/W for t < W, then lr_t = min + 0.5·(base − min)·(1 + cos(π·(t − W)/(T − W))) "
               f"for W ≤ t ≤ T (steps count from 0). What is lr at step t = {t}? Give 5 decimals."),
        "zh": (f"学习率调度：基础学习率 base = {fmt(base)}，预热 W = {warm} 步，总步数 T = {total}，最小学习率 min = {fmt(floor)}。"
               f"t < W 时 lr_t = base·t/W；W ≤ t ≤ T 时 lr_t = min + 0.5·(base − min)·(1 + cos(π·(t − W)/(T − W)))"
               f"（步数从 0 开始）。第 t = {t} 步的学习率是多少？保留 5 位小数。"),
    }
    if t < warm:
        solution = {
            "en": f"t = {t} < W = {warm}: linear warm-up, lr = {fmt(base)}×{t}/{warm} = {fmt(lr, 6)}.",
            "zh": f"t = {t} < W = {warm}，处于线性预热阶段：lr = {fmt(base)}×{t}/{warm} = {fmt(lr, 6)}。",
        }
    else:
        frac = (t - warm) / (total - warm)
        cosv = math.cos(math.pi * frac)
        body = (f"progress = (t − W)/(T − W) = {t - warm}/{total - warm} = {fmt(frac, 6)}; cos(π×{fmt(frac, 6)}) = "
                f"{fmt(cosv, 6)}; lr = {fmt(floor)} + 0.5×{fmt(base - floor)}×(1 + {term(cosv, 6)}) = {fmt(lr, 6)}")
        solution = {
            "en": (f"t = {t} ≥ W = {warm}: cosine phase, which starts at the end of the warm-up and lasts T − W steps. "
                   f"{body}."),
            "zh": f"t = {t} ≥ W = {warm}，处于余弦衰减阶段，它从预热结束时开始，持续 T − W 步。{body.replace('; ', '；')}。",
        }
    return Generated(prompt, lr, 5e-6 + 1e-12, solution, {"base": base, "floor": floor, "warm": warm, "total": total, "t": t})
