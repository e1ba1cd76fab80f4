"""Learnable parameters of a grouped (or depthwise) convolution."""

from dlprep.deck.families import Generated


def generate(rng):
    while True:
        cin, cout = rng.choice([16, 32, 48, 64, 96, 128, 256]), rng.choice([32, 64, 96, 128, 192, 256])
        g = rng.choice([2, 3, 4, 8, 16, 32, "depthwise"])
        if g == "depthwise":
            g = cin
            cout = cin * rng.choice([1, 1, 2])
        if cin % g == 0 and cout % g == 0:
            break
    k, bias = rng.choice([1, 3, 3, 5, 7]), rng.choice([True, False])
    weights = cout * (cin // g) * k * k
    total = weights + (cout if bias else 0)
    prompt = {
        "en": f"How many learnable parameters does nn.Conv2d({cin}, {cout}, kernel_size={k}, groups={g}, bias={bias}) have?",
        "zh": f"nn.Conv2d({cin}, {cout}, kernel_size={k}, groups={g}, bias={bias}) 有多少个可学习参数？",
    }
    bias_en = f" + {cout} biases (one per output channel)" if bias else ""
    bias_zh = f" + {cout} 个偏置（每个输出通道一个）" if bias else ""
    ch = lambda n: f"{n} channel" + ("" if n == 1 else "s")  # noqa: E731
    dw_en = " (groups = C_in: a depthwise convolution)" if g == cin else ""
    dw_zh = "（groups = C_in，即深度卷积）" if g == cin else ""
    solution = {
        "en": (f"Each of the {g} groups{dw_en} maps C_in/g = {ch(cin // g)} to C_out/g = {ch(cout // g)}, "
               f"so every filter sees only {ch(cin // g)}: weight shape ({cout}, {cin // g}, {k}, {k}) = "
               f"{cout}×{cin // g}×{k}×{k} = {weights}{bias_en}. Total = {total}; the weights are 1/{g} of the "
               f"{cout * cin * k * k} an ungrouped convolution would have."),
        "zh": (f"{g} 个组{dw_zh}各自把 C_in/g = {cin // g} 个输入通道映射到 C_out/g = {cout // g} 个输出通道，每个卷积核只看 {cin // g} 个通道："
               f"权重形状 ({cout}, {cin // g}, {k}, {k}) = {cout}×{cin // g}×{k}×{k} = {weights}{bias_zh}。"
               f"合计 = {total}；权重是不分组卷积 {cout * cin * k * k} 个权重的 1/{g}。"),
    }
    return Generated(prompt, float(total), 0.0, solution, {"cin": cin, "cout": cout, "k": k, "g": g, "bias": bias})
