"""Actors and events: the article's focus country, then sentence by sentence
the actors each sentence names and the events it reports."""

from __future__ import annotations

from itertools import islice

from ..actors.focus import focus_country
from ..actors.resolve import ArticleActors
from ..doc import Actor, Document, Mention, SentenceContext
from ..events.answers import answer_accusations
from ..events.coder import code_sentence
from ..events.learned import LearnedCoder
from ..ingest.metadata import home_country
from .base import Resources, Stage, register

# The first ~500 words set an article's focus country, with the headline.
FOCUS_TOKENS = 600


@register
class Focus(Stage):
    """The country the article is about: the default country of the actors it
    leaves unplaced, and the first country its places are looked for in.
    An article that names no country in its title and first lines is about
    its outlet's home when the outlet is a national one (``ingest/data/outlets.yaml``)."""

    name = "focus"
    requires = ("doc.chunks", "doc.title", "article.outlet")
    assigns = ("doc.focus",)

    def __init__(self, resources: Resources) -> None:
        self.lexicon = resources.lexicon

    def __call__(self, doc: Document) -> None:
        title_words = [t.text for t in doc.title] if doc.title is not None else []
        lead_words = [t.text for t in islice(doc.chunks[0].doc, FOCUS_TOKENS)] if doc.chunks else []
        doc.focus = focus_country(self.lexicon, title_words, lead_words) or home_country(doc.article.outlet)


@register
class Events(Stage):
    """Each sentence's actors (``kibaru.actors``, with coreference across
    sentences) and events: by the trained models when there are some (or an
    observer, in training), else by the rules (``kibaru.events``). The events
    stay drafts until the next stage gives them a place and a date."""

    name = "events"
    requires = ("doc.sentences", "doc.scenes", "doc.focus", "doc.title", "article.topic")
    assigns = ("doc.drafts", "article.actors", "article.entities")

    def __init__(self, resources: Resources) -> None:
        self.lexicon = resources.lexicon
        self.triggers = resources.triggers
        models, observe = resources.models, resources.observe
        self.coder = LearnedCoder(models, self.triggers, observe) if models.learned or observe else None

    def __call__(self, doc: Document) -> None:
        actors = ArticleActors(self.lexicon, doc.focus)
        if doc.title is not None and len(doc.title):
            actors.end_sentence(actors.read_sentence(doc.title[:], register=False))
        topic = doc.article.topic.get("label") if doc.article.topic else None
        drafts = []
        for sentence, scene in zip(doc.sentences, doc.scenes):
            context = SentenceContext(sentence.offset, scene.local_country, scene.scene_country)
            found = actors.read_sentence(sentence.span, ents=sentence.ents, context=context)
            if self.coder is not None:
                events = self.coder.code(sentence.span, found, actors, sentence.offset, sentence.index, topic)
            else:
                events = code_sentence(sentence.span, found, actors, self.triggers, sentence.offset)
            drafts.extend((sentence.index, event) for event in events)
            actors.end_sentence(found)
        answer_accusations([event for _, event in drafts])
        doc.drafts = drafts
        # as the contract shows them: a government merged into its country's actor
        doc.article.actors = {key: Actor.from_dict({**actor, "id": key}) for key, actor in actors.export().items()}
        doc.article.entities = [Mention.from_dict(mention) for mention in actors.export_mentions()]
