"""Optional language model: rephrase a seller's free-text answer into plain English.

Off by default and never required: nothing here runs unless the caller passes a
:class:`LanguageModel` (endpoint, model and key as values). Works with any OpenAI-compatible
chat-completions server (OpenAI, Ollama, vLLM, llama.cpp server).

>>> model = LanguageModel("http://localhost:11434/v1", "qwen2.5:7b")
>>> with ChatClient(model) as client:                      # doctest: +SKIP
...     rephrase_answer("深圳华科贸易有限公司", client, question="Supplier name").text
'Shenzhen Huake Trading Co., Ltd'
"""

from reinstate.llm.client import ChatClient, LanguageModel
from reinstate.llm.rephrase import MachineText, check_phrase, rephrase_answer
from reinstate.llm.second_opinion import SecondOpinion, second_opinion

__all__ = [
    "ChatClient",
    "LanguageModel",
    "MachineText",
    "SecondOpinion",
    "check_phrase",
    "rephrase_answer",
    "second_opinion",
]
