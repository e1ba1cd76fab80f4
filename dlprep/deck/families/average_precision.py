"""Average precision of a short ranked list (sklearn's average_precision_score, no interpolation)."""

from dlprep.deck.families import Generated, fmt


def generate(rng):
    while True:
        n = rng.randint(5, 10)
        labels = [int(rng.random() < 0.5) for _ in range(n)]
        npos = sum(labels)
        if 2 <= npos < n and labels[:npos] != [1] * npos:  # at least one miss ranked above a hit: AP < 1
            break
    scores = sorted(rng.sample(range(5, 100), n), reverse=True)
    scores = [s / 100 for s in scores]
    hits, precisions, steps = 0, [], []
    for rank, label in enumerate(labels, start=1):
        if label:
            hits += 1
            precisions.append(hits / rank)
            steps.append(f"{hits}/{rank}")
    ap = sum(precisions) / npos
    shown = ", ".join(f"{s:.2f}" for s in scores)
    prompt = {
        "en": (f"A classifier scores {n} samples; sorted by score (highest first) the scores are [{shown}] and the "
               f"true labels are {labels} (1 = positive). Compute the average precision as sklearn's "
               "average_precision_score does: AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the thresholds, with no interpolation. "
               "Give 4 decimals."),
        "zh": (f"分类器给 {n} 个样本打分，按分数从高到低排序后分数为 [{shown}]，真实标签为 {labels}（1 表示正样本）。"
               "按 sklearn 的 average_precision_score 计算平均精度（AP）：AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ，对各阈值求和，"
               "不做插值。保留 4 位小数。"),
    }
    terms = " + ".join(steps)
    solution = {
        "en": (f"The scores are distinct, so recall rises by 1/{npos} exactly at each positive and stays flat at each "
               f"negative: AP is the mean of the precision at the ranks of the {npos} positives. Precision there = "
               f"{terms}; AP = ({terms})/{npos} = {fmt(sum(precisions))}/{npos} = {fmt(ap)}. Negatives add no term; "
               "they only lower the precision of the positives ranked below them."),
        "zh": (f"分数互不相同，所以召回率只在每个正样本处增加 1/{npos}，在负样本处不变：AP 就是 {npos} 个正样本所在名次处精确率的平均值。"
               f"这些名次处的精确率 = {terms}；AP = ({terms})/{npos} = {fmt(sum(precisions))}/{npos} = {fmt(ap)}。"
               "负样本本身不贡献项，只会拉低排在它后面的正样本的精确率。"),
    }
    return Generated(prompt, ap, 5e-5 + 1e-9, solution, {"scores": scores, "labels": labels})
