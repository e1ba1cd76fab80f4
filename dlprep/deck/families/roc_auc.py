"""ROC AUC of a few scored samples, ties counted one half (the Mann–Whitney statistic, as sklearn)."""

from dlprep.deck.families import Generated, fmt


def generate(rng):
    want_tie = rng.random() < 0.6
    while True:
        npos, nneg = rng.randint(2, 4), rng.randint(2, 5)
        pos = [rng.randint(1, 9) / 10 for _ in range(npos)]
        neg = [rng.randint(1, 9) / 10 for _ in range(nneg)]
        greater = sum(p > q for p in pos for q in neg)
        ties = sum(p == q for p in pos for q in neg)
        if 0 < greater + ties < npos * nneg and 2 * greater + ties != npos * nneg and (ties > 0) == want_tie:
            break
    samples = [(s, 1) for s in pos] + [(s, 0) for s in neg]
    rng.shuffle(samples)
    scores, labels = [s for s, _ in samples], [y for _, y in samples]
    auc = (greater + 0.5 * ties) / (npos * nneg)
    prompt = {
        "en": (f"Scores {scores} with true labels {labels} (1 = positive). What is the ROC AUC, as sklearn's "
               "roc_auc_score computes it (the area under the ROC curve drawn through every distinct score threshold)? "
               "Give 4 decimals."),
        "zh": (f"样本分数 {scores}，真实标签 {labels}（1 表示正样本）。按 sklearn 的 roc_auc_score 计算（以每个不同的分数为阈值画出 "
               "ROC 曲线，求曲线下面积），AUC 是多少？保留 4 位小数。"),
    }
    beaten = [(fmt(p), fmt(sum(p > q for q in neg) + 0.5 * sum(p == q for q in neg))) for p in sorted(pos, reverse=True)]
    per_en = ", ".join(f"{p} → {b}" for p, b in beaten)
    per_zh = "，".join(f"{p} → {b}" for p, b in beaten)
    if ties:
        count_en, count_zh = f"{greater} pairs correctly ordered, {ties} tied", f"排序正确 {greater} 对，相同 {ties} 对"
        sum_text = f"({greater} + ½×{ties})"
    else:
        count_en, count_zh, sum_text = f"{greater} pairs correctly ordered, no ties", f"排序正确 {greater} 对，没有相同分数", str(greater)
    solution = {
        "en": (f"AUC = P(score of a random positive > score of a random negative), a tie counting ½ (the trapezoid of the "
               f"ROC curve). Positives {sorted(pos, reverse=True)}, negatives {sorted(neg, reverse=True)}: "
               f"{npos}×{nneg} = {npos * nneg} pairs. Negatives beaten by each positive (+½ per tie): {per_en}. "
               f"{count_en}: AUC = {sum_text}/{npos * nneg} = {fmt(auc)}."),
        "zh": (f"AUC = 随机取一个正样本的分数大于随机取一个负样本分数的概率，分数相同记 ½（对应 ROC 曲线上的梯形）。"
               f"正样本 {sorted(pos, reverse=True)}，负样本 {sorted(neg, reverse=True)}，共 {npos}×{nneg} = {npos * nneg} 对。"
               f"每个正样本胜过的负样本数（相同记 ½）：{per_zh}。"
               f"{count_zh}：AUC = {sum_text}/{npos * nneg} = {fmt(auc)}。"),
    }
    return Generated(prompt, auc, 5e-5 + 1e-9, solution, {"scores": scores, "labels": labels})
