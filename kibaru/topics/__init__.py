"""Topics: the MasakhaNEWS label of each article (business, health, politics, sports, technology).

    from kibaru.topics import classify
    classify("Le Sénégal bat l'Égypte aux tirs au but", "Les Lions de la Teranga ...")
    # {"label": "sports", "score": 0.93}

See README.md beside this file for how the model was trained and how well it does.
"""

from .classifier import LABELS, TopicModel, classify, document, load_model

__all__ = ["LABELS", "TopicModel", "classify", "document", "load_model"]
