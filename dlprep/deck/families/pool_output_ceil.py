"""Max-pooling output size with ceil_mode=True or False, padding included (PyTorch's rule)."""

from dlprep.deck.families import Generated


def _sizes(h, k, s, p):
    span = h + 2 * p - k
    floor_out = span // s + 1
    ceil_out = -(-span // s) + 1
    dropped = (ceil_out - 1) * s >= h + p  # the last window would start in the right padding
    return floor_out, ceil_out, ceil_out - 1 if dropped else ceil_out, dropped


def generate(rng):
    case = rng.choice(["floor", "ceil", "ceil", "dropped", "dropped"])
    while True:
        h, k = rng.randint(5, 40), rng.choice([2, 2, 3, 3, 4, 5])
        s, p = rng.choice([2, 2, 3]), rng.randint(0, k // 2)
        floor_out, ceil_out, ceil_final, dropped = _sizes(h, k, s, p)
        if h + 2 * p < k or floor_out == ceil_out:
            continue  # keep to inputs where the two modes differ before the last-window rule
        if (case == "dropped") == dropped:
            break
    ceil_mode = case != "floor"
    value = ceil_final if ceil_mode else floor_out
    prompt = {
        "en": (f"nn.MaxPool2d(kernel_size={k}, stride={s}, padding={p}, ceil_mode={ceil_mode}) is applied to a {h}×{h} "
               "input. What is the output height (PyTorch's rule)?"),
        "zh": (f"对 {h}×{h} 的输入做 nn.MaxPool2d(kernel_size={k}, stride={s}, padding={p}, ceil_mode={ceil_mode})。"
               "按 PyTorch 的规则，输出的高是多少？"),
    }
    num = h + 2 * p - k
    floor_text = f"⌊(H + 2p − k)/s⌋ + 1 = ⌊({h} + {2 * p} − {k})/{s}⌋ + 1 = ⌊{num}/{s}⌋ + 1 = {floor_out}"
    ceil_text = f"⌈(H + 2p − k)/s⌉ + 1 = ⌈({h} + {2 * p} − {k})/{s}⌉ + 1 = ⌈{num}/{s}⌉ + 1 = {ceil_out}"
    check_en = f"(out − 1)·s = {ceil_out - 1}×{s} = {(ceil_out - 1) * s}, H + p = {h} + {p} = {h + p}"
    check_zh = check_en.replace(", ", "，")
    if not ceil_mode:
        sol_en = f"ceil_mode=False rounds down: H_out = {floor_text}. (ceil_mode=True would give {ceil_final}.)"
        sol_zh = f"ceil_mode=False 向下取整：H_out = {floor_text}。（ceil_mode=True 时为 {ceil_final}。）"
    elif dropped:
        sol_en = (f"ceil_mode=True rounds up: {ceil_text} (rounding down gives {floor_out}). PyTorch then drops the last "
                  f"window if it would start in the right padding, i.e. if (out − 1)·s ≥ H + p: {check_en}, so it is "
                  f"dropped: H_out = {ceil_final}.")
        sol_zh = (f"ceil_mode=True 向上取整：{ceil_text}（向下取整为 {floor_out}）。PyTorch 还要检查最后一个窗口："
                  f"若它从右侧 padding 中开始，即 (out − 1)·s ≥ H + p，就去掉它。{check_zh}，满足条件，去掉：H_out = {ceil_final}。")
    else:
        sol_en = (f"ceil_mode=True rounds up: {ceil_text} (rounding down gives {floor_out}). PyTorch drops the last window "
                  f"only if it would start in the right padding, (out − 1)·s ≥ H + p: {check_en}, so it stays: "
                  f"H_out = {ceil_final}.")
        sol_zh = (f"ceil_mode=True 向上取整：{ceil_text}（向下取整为 {floor_out}）。PyTorch 只在最后一个窗口从右侧 "
                  f"padding 中开始时去掉它，即 (out − 1)·s ≥ H + p：{check_zh}，不满足，保留：H_out = {ceil_final}。")
    return Generated(prompt, float(value), 0.0, {"en": sol_en, "zh": sol_zh},
                     {"h": h, "k": k, "s": s, "p": p, "ceil_mode": ceil_mode})
