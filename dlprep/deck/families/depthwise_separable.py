"""Cost of a depthwise-separable convolution relative to a standard one."""

from dlprep.deck.families import Generated, fmt


def generate(rng):
    cin, cout, k = rng.choice([16, 32, 64, 128]), rng.choice([32, 64, 128, 256]), rng.choice([3, 5])
    standard = cin * cout * k * k
    separable = cin * k * k + cin * cout
    ratio = separable / standard
    prompt = {
        "en": f"Replace a standard {k}×{k} convolution ({cin} → {cout} channels, no bias) by a depthwise {k}×{k} convolution followed by a 1×1 pointwise convolution. The separable version's cost (parameters, or MACs at the same output size) is what fraction of the standard one? Give 4 decimals.",
        "zh": f"把一个标准 {k}×{k} 卷积（{cin} → {cout} 通道，无偏置）换成 {k}×{k} 深度卷积加 1×1 逐点卷积。可分离版本的开销（参数量，或相同输出尺寸下的乘加次数）是标准卷积的几分之几？保留 4 位小数。",
    }
    solution = {
        "en": f"standard = C_in·C_out·k² = {standard}; separable = C_in·k² + C_in·C_out = {separable}; ratio = 1/C_out + 1/k² = {fmt(ratio)}.",
        "zh": f"标准卷积 = C_in·C_out·k² = {standard}；可分离 = C_in·k² + C_in·C_out = {separable}；比值 = 1/C_out + 1/k² = {fmt(ratio)}。",
    }
    return Generated(prompt, ratio, 5e-5 + 1e-9, solution, {"cin": cin, "cout": cout, "k": k})
