"""Memory taken by a model's parameters at a given dtype, in MiB or GiB (binary units)."""

from dlprep.deck.families import Generated

# Parameter counts of torchvision's models (default 1000-class heads), from sum(p.numel() for p in model.parameters()).
_MODELS = [("ResNet-18", 11_689_512), ("ResNet-50", 25_557_032), ("ResNet-101", 44_549_160), ("VGG-16", 138_357_544),
           ("MobileNetV2", 3_504_872), ("EfficientNet-B0", 5_288_548), ("ViT-B/16", 86_567_656),
           ("ConvNeXt-Tiny", 28_589_128), ("DenseNet-121", 7_978_856)]
_LARGE = [1.3e9, 3e9, 7e9, 13e9, 70e9]
_BYTES = {"fp32": 4, "fp16": 2, "bf16": 2, "int8": 1}


def generate(rng):
    ask = rng.choice(["weights", "weights", "adam"])
    if rng.random() < 0.7:
        name, n = rng.choice(_MODELS)
        what_en, what_zh = f"{name} as built by torchvision ({n:,} parameters)", f"torchvision 的 {name}（{n:,} 个参数）"
        unit, div, unit_def = "MiB", 2 ** 20, "1 MiB = 2^20 = 1,048,576 bytes"
        dec, dec_div, dec_def = "MB", 10 ** 6, "10^6"
    else:
        n = int(rng.choice(_LARGE))
        what_en, what_zh = f"a model with {n / 1e9:g} × 10^9 parameters", f"一个有 {n / 1e9:g} × 10^9 个参数的模型"
        unit, div, unit_def = "GiB", 2 ** 30, "1 GiB = 2^30 = 1,073,741,824 bytes"
        dec, dec_div, dec_def = "GB", 10 ** 9, "10^9"
    if ask == "weights":
        dtype = rng.choice(list(_BYTES))
        per = _BYTES[dtype]
        task_en = (f"stores its weights in {dtype} ({per} byte{'s' if per > 1 else ''} per parameter; count parameters only, "
                   "no buffers or file overhead)")
        task_zh = f"以 {dtype} 存储权重（每个参数 {per} 字节；只计参数，不计缓冲区和文件开销）"
        pre_en, pre_zh = "", ""
    else:
        per = 16
        task_en = ("is trained in fp32 with Adam: fp32 weights, fp32 gradients and Adam's two fp32 moment buffers m and v "
                   "(ignore activations and buffers)")
        task_zh = "用 Adam 以 fp32 训练：fp32 权重、fp32 梯度以及 Adam 的两个 fp32 动量缓冲 m 和 v（不计激活值和缓冲区）"
        pre_en = "Each parameter holds four fp32 values (weight, gradient, m, v): 4 × 4 = 16 bytes. "
        pre_zh = "每个参数对应四个 fp32 数（权重、梯度、m、v）：4 × 4 = 16 字节。"
    total = n * per
    value = total / div
    prompt = {
        "en": (f"{what_en[0].upper() + what_en[1:]} {task_en}. How much memory do these take in {unit} ({unit_def})? "
               "Give 2 decimals."),
        "zh": f"{what_zh}{task_zh}。这些一共占多少 {unit}（{unit_def.replace('bytes', '字节')}）？保留 2 位小数。",
    }
    solution = {
        "en": (f"{pre_en}{n:,} parameters × {per} bytes = {total:,} bytes; ÷ {div:,} = {value:.2f} {unit}. "
               f"(In decimal units that is {total / dec_div:.2f} {dec}: 1 {dec} = {dec_def} bytes, "
               f"1 {unit} = 2^{20 if unit == 'MiB' else 30}.)"),
        "zh": (f"{pre_zh}{n:,} 个参数 × {per} 字节 = {total:,} 字节；÷ {div:,} = {value:.2f} {unit}。"
               f"（按十进制单位是 {total / dec_div:.2f} {dec}：1 {dec} = {dec_def} 字节，"
               f"1 {unit} = 2^{20 if unit == 'MiB' else 30} 字节。）"),
    }
    return Generated(prompt, value, 0.005 + 1e-9, solution, {"n": n, "per": per, "unit": unit, "ask": ask})
