"""Training kibaru's models from annotated gold (``kibaru train``).

Needs the ``[train]`` extra (scikit-learn). The steps:

1. ``data.parse_gold``: normalise and parse the gold articles as ``kibaru
   analyze`` would, and locate the gold's sentences, triggers and actors in
   the text (``gold.align``);
2. ``data.collect``: run the pipeline with an observer that records, for
   every candidate word of every annotated sentence, the features the coder
   sees and the gold's answer;
3. ``fit``: fit each model (``fit.fit_linear``) and save them as arrays
   (``kibaru.models``), which run with numpy alone;
4. ``crossval``: the same, k times, on folds of whole articles, each fold
   scored by the gold scorer on articles its models never saw.
"""

from .config import TrainConfig
from .run import Prepared, cross_validate, prepare, train_models

__all__ = ["Prepared", "TrainConfig", "cross_validate", "prepare", "train_models"]
