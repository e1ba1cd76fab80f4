"""Precision, recall or F1 from confusion counts."""

from dlprep.deck.families import Generated, fmt


def generate(rng):
    tp, fp, fn = rng.randint(1, 90), rng.randint(0, 40), rng.randint(0, 40)
    p, r = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * p * r / (p + r)
    ask = rng.choice(["precision", "recall", "f1"])
    value = {"precision": p, "recall": r, "f1": f1}[ask]
    names = {"precision": ("precision", "精确率（precision）"), "recall": ("recall", "召回率（recall）"), "f1": ("F1 score", "F1 值")}
    prompt = {
        "en": f"A detector has TP = {tp}, FP = {fp}, FN = {fn}. What is its {names[ask][0]}? Give 4 decimals.",
        "zh": f"某检测器 TP = {tp}，FP = {fp}，FN = {fn}。它的{names[ask][1]}是多少？保留 4 位小数。",
    }
    solution = {
        "en": f"precision = TP/(TP+FP) = {tp}/{tp + fp} = {fmt(p)}; recall = TP/(TP+FN) = {tp}/{tp + fn} = {fmt(r)}; F1 = 2PR/(P+R) = 2TP/(2TP+FP+FN) = {fmt(f1)}.",
        "zh": f"精确率 = TP/(TP+FP) = {tp}/{tp + fp} = {fmt(p)}；召回率 = TP/(TP+FN) = {tp}/{tp + fn} = {fmt(r)}；F1 = 2PR/(P+R) = 2TP/(2TP+FP+FN) = {fmt(f1)}。",
    }
    return Generated(prompt, value, 5e-5 + 1e-9, solution, {"tp": tp, "fp": fp, "fn": fn, "ask": ask})
