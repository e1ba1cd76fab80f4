"""Learnable parameters of an LSTM, with torch's two bias vectors or a single one."""

from dlprep.deck.families import Generated


def generate(rng):
    i, hid = rng.choice([16, 32, 50, 64, 100, 128, 300]), rng.choice([32, 64, 100, 128, 256, 512])
    layers = rng.choice([1, 1, 2])
    torch_biases = rng.random() < 0.7
    nb = 8 if torch_biases else 4
    per_layer, steps = [], []
    for k in range(layers):
        inp = i if k == 0 else hid
        per_layer.append(4 * hid * (inp + hid) + nb * hid)
        steps.append(f"4×{hid}×({inp} + {hid}) + {nb}×{hid} = {per_layer[-1]}")
    total = sum(per_layer)
    if torch_biases:
        conv_en = "as torch.nn.LSTM, with two bias vectors per layer (b_ih and b_hh, 4h each)"
        conv_zh = "与 torch.nn.LSTM 相同，每层有两组偏置（b_ih 和 b_hh，各 4h 个）"
    else:
        conv_en = "with a single bias vector per layer (4h values, as Keras's LSTM)"
        conv_zh = "每层只有一组偏置（4h 个，同 Keras 的 LSTM）"
    stack_en = f"a {layers}-layer stacked LSTM" if layers > 1 else "a single-layer LSTM"
    stack_zh = f"{layers} 层堆叠的 LSTM" if layers > 1 else "单层 LSTM"
    prompt = {
        "en": (f"{stack_en[0].upper() + stack_en[1:]} (unidirectional) with input size {i} and hidden size {hid}, "
               f"{conv_en}. How many learnable parameters?"),
        "zh": f"一个{stack_zh}（单向），输入维度 {i}，隐藏维度 {hid}，{conv_zh}。可学习参数一共有多少？",
    }
    joined = "; ".join(steps)
    extra_en = f" Layer 2 takes layer 1's hidden state, so its input size is {hid}, not {i}." if layers > 1 else ""
    extra_zh = f"第 2 层的输入是第 1 层的隐藏状态，输入维度是 {hid} 而不是 {i}。" if layers > 1 else ""
    total_en = f" Total = {' + '.join(map(str, per_layer))} = {total}." if layers > 1 else ""
    total_zh = f"合计 = {' + '.join(map(str, per_layer))} = {total}。" if layers > 1 else ""
    solution = {
        "en": (f"Four gates (input, forget, cell candidate, output), each with an h×in input matrix, an h×h recurrent matrix and "
               f"{'two biases' if torch_biases else 'one bias'}: 4h(in + h) + {nb}h per layer: {joined}.{extra_en}{total_en}"),
        "zh": (f"四个门（输入门、遗忘门、候选记忆单元、输出门），每个有 h×in 的输入权重、h×h 的循环权重和{'两组' if torch_biases else '一组'}偏置："
               f"每层 4h(in + h) + {nb}h：{'；'.join(steps)}。{extra_zh}{total_zh}"),
    }
    return Generated(prompt, float(total), 0.0, solution,
                     {"i": i, "h": hid, "layers": layers, "torch_biases": torch_biases})
