"""Learnable parameters and stored statistics of BatchNorm layers."""

from dlprep.deck.families import Generated


def generate(rng):
    channels = [rng.choice([16, 32, 64, 128, 256, 512]) for _ in range(rng.randint(1, 3))]
    ask = rng.choice(["learnable", "buffers"])
    total_c = sum(channels)
    value = 2 * total_c
    layers = " + ".join(f"BatchNorm2d({c})" for c in channels)
    if ask == "learnable":
        prompt = {
            "en": f"A network contains {layers} (affine=True). How many learnable parameters do these BatchNorm layers have in total?",
            "zh": f"网络中有 {layers}（affine=True）。这些 BatchNorm 层一共有多少个可学习参数？",
        }
        solution = {
            "en": f"Each BN layer learns γ and β per channel: 2 × ({' + '.join(map(str, channels))}) = {value}. Running mean/var are buffers, not learned.",
            "zh": f"每个 BN 层对每个通道学习 γ 和 β：2 × ({' + '.join(map(str, channels))}) = {value}。running mean/var 是缓冲区，不参与学习。",
        }
    else:
        prompt = {
            "en": f"A network contains {layers}. How many running-statistics values (running mean and running variance, not counting num_batches_tracked) do they store for inference?",
            "zh": f"网络中有 {layers}。推理时它们一共保存多少个滑动统计量数值（running mean 与 running var，不计 num_batches_tracked）？",
        }
        solution = {
            "en": f"One running mean and one running variance per channel: 2 × ({' + '.join(map(str, channels))}) = {value}. They are updated by moving averages, not by gradients.",
            "zh": f"每个通道一个 running mean 和一个 running var：2 × ({' + '.join(map(str, channels))}) = {value}。它们由滑动平均更新，而不是梯度。",
        }
    return Generated(prompt, float(value), 0.0, solution, {"channels": channels, "ask": ask})
