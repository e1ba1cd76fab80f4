"""Parameters or multiply-accumulates (MACs) of one convolution layer."""

from dlprep.deck.families import Generated


def generate(rng):
    cin, cout = rng.choice([3, 16, 32, 64, 128]), rng.choice([16, 32, 64, 128, 256])
    k, hw, bias = rng.choice([1, 3, 5]), rng.choice([7, 14, 28, 56]), rng.choice([True, False])
    params = cout * cin * k * k + (cout if bias else 0)
    macs = hw * hw * cout * cin * k * k
    b_en, b_zh = ("with bias", "带偏置") if bias else ("without bias", "不带偏置")
    if rng.random() < 0.5:
        prompt = {
            "en": f"How many learnable parameters does a {k}×{k} convolution from {cin} to {cout} channels {b_en} have?",
            "zh": f"一个 {k}×{k}、输入 {cin} 通道、输出 {cout} 通道、{b_zh}的卷积层有多少个可学习参数？",
        }
        extra = f" + {cout}" if bias else ""
        solution = {
            "en": f"params = C_out × C_in × k × k{' + C_out' if bias else ''} = {cout}×{cin}×{k}×{k}{extra} = {params}.",
            "zh": f"参数量 = C_out × C_in × k × k{' + C_out' if bias else ''} = {cout}×{cin}×{k}×{k}{extra} = {params}。",
        }
        return Generated(prompt, float(params), 0.0, solution, {"ask": "params", "cin": cin, "cout": cout, "k": k, "bias": bias})
    prompt = {
        "en": f"A {k}×{k} convolution from {cin} to {cout} channels produces a {hw}×{hw} output. How many multiply-accumulate operations (MACs) does it take for one image (ignore bias)?",
        "zh": f"一个 {k}×{k} 卷积，输入 {cin} 通道、输出 {cout} 通道，输出特征图 {hw}×{hw}。处理一张图需要多少次乘加运算（MACs，忽略偏置）？",
    }
    solution = {
        "en": f"MACs = H_out × W_out × C_out × C_in × k × k = {hw}×{hw}×{cout}×{cin}×{k}×{k} = {macs} (FLOPs ≈ 2 × MACs).",
        "zh": f"MACs = H_out × W_out × C_out × C_in × k × k = {hw}×{hw}×{cout}×{cin}×{k}×{k} = {macs}（FLOPs 约为 MACs 的 2 倍）。",
    }
    return Generated(prompt, float(macs), 0.0, solution, {"ask": "macs", "cin": cin, "cout": cout, "k": k, "hw": hw})
