"""Phrase signals for the offline evaluator, Russian and English.

Each list names a kind of thing a careful interviewer notices in an answer (a concrete
action, a reason, a hedge, a deflection, an attempt to instruct the evaluator...). The
patterns are regexes over lowercased text with ``ё`` folded to ``е``; they describe how
people talk in general, never the wording of any one interview.
"""

from __future__ import annotations

import re

from scoring.evaluation.vocabulary import TECH_VOCAB  # noqa: F401  (re-exported: one place for signals)


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


FILLERS = _rx(r"\bэ+-?э+\b", r"\bм+-?м+\b", r"\bэм+\b", r"\bну\b", r"\bum+\b", r"\buh+\b", r"\bhmm+\b", r"\bкак бы\b")

UNCERTAIN = _rx(
    r"\bнаверно\w*",
    r"\bкажется\b",
    r"\bвроде\b",
    r"не уверен\w*",
    r"не помню",
    r"не знаю",
    r"сложно сказать",
    r"\bкакой-то\b",
    r"\bчто-то вроде\b",
    r"или нет\b",
    r"i'?m not sure",
    r"not sure",
    r"i don'?t know",
    r"i don'?t remember",
    r"\bprobably\b",
    r"\bi guess\b",
    r"\bmaybe\b",
)

ADMITTED_GAP = _rx(
    r"не использовал(?:и|а)?\b",
    r"\b(?:я|мы)\s+(?:\w+\s+){0,2}не работал\w*",
    r"никогда не (?:работал|использовал|руководил|писал|делал|настраивал)\w*",
    r"не работал\w* с",
    r"сам не делал",
    r"\bне делал\w*",
    r"не настраивал\w*",
    r"не погружал\w*",
    r"пока мало",
    r"нет опыта",
    r"опыта (?:у меня )?нет",
    r"не приходилось",
    r"слаб\w+ (?:место|сторон\w*)",
    r"проходил\w* курс",
    r"только (?:на|по) курс\w*",
    r"не понадобил\w*",
    r"с подсказкой",
    r"знаю, что (?:они|он|она|оно|такое|такие) есть",
    r"слышал\w* (?:про|о|об)\b",
    r"\b(?:я|i)\s+[\w-]+\s+не очень\b",
    r"наизусть[^.]{0,30}не помню",
    r"haven'?t (?:used|worked|operated|done|touched|run)",
    r"have not (?:used|worked|operated|done)",
    r"never (?:used|worked|operated|done|touched)",
    r"weak (?:spot|point|side)",
    r"no (?:real |production )?experience",
    r"we don'?t use",
    r"i did a course",
    r"only (?:in|at|from) a course",
    r"heard (?:of|about)",
    r"i know the concepts",
    r"have to read up",
)

DEFLECTION = _rx(
    r"по ситуации",
    r"по-разному",
    r"как все\b",
    r"как обычно",
    r"все прошло хорошо",
    r"\bнормальн\w+, как",
    r"больше к \w+ вопрос",
    r"не от меня завис\w*",
    r"все понемножку",
    r"\bподумаем\b",
    r"заказчики бывают разные",
    r"it depends\.?$",
    r"hard to say",
    r"as usual",
    r"like everyone",
    r"we'?ll see",
)

VAGUE = _rx(
    r"\bв общем\b",
    r"\bвсяк\w+",
    r"\bразное\b",
    r"\bи т\.\s?д\.?",
    r"\bи так далее\b",
    r"\bкакие-то\b",
    r"\bстандартно\b",
    r"\bпо мелочи\b",
    r"\bкак обычно\b",
    r"\bstuff\b",
    r"things like that",
    r"\bwhatever\b",
    r"\bsort of\b",
    r"\bkind of\b",
)

# Explaining moves: an example, a definition, a summing-up.
EXPLAINING = _rx(
    r"\bнапример\b",
    r"\bдопустим\b",
    r"\bскажем\b",
    r"\bгрубо говоря\b",
    r"\bто есть\b",
    r"\s—\s?это\b",
    r"\bэто значит\b",
    r"\bfor example\b",
    r"\bfor instance\b",
    r"\be\.g\.",
    r"\bbasically\b",
    r"\bmeans\b",
    r"\bin other words\b",
    r"\bthat is\b",
    r"\blike,? (?:i'?ll|when|if)\b",
    r"\bу нас\b",
    r"\bмы\b",
    r"\bwe\b",
)

# A story beside the point (an anecdote instead of an answer).
DIGRESSION = _rx(
    r"\bпредставляете\b",
    r"вот у меня был\w* (?:один|одна|одно)",
    r"\bмы даже\b",
    r"funny story",
    r"\bby the way\b",
    r"you won'?t believe",
)

# The interviewer asks again: the previous answer missed the question.
REASK = _rx(
    r"\bи все же\b",
    r"\bвсе-таки\b",
    r"это понятно, но",
    r"вернемся к",
    r"давайте вернемся",
    r"а конкретно",
    r"\bstill,",
    r"let'?s get back",
    r"back to the question",
    r"but what would you",
    r"more specifically",
)

# Conditions questions (fine at the end, a pivot when they cut into a hard question).
CONDITIONS = _rx(
    r"зарплат\w*",
    r"\bвилк\w*",
    r"оклад\w*",
    r"удаленк\w*",
    r"удаленн\w*",
    r"в офис\w*",
    r"отпуск\w*",
    r"бонус\w*",
    r"\bsalary",
    r"compensation",
    r"\bremote\b",
    r"\bin the office\b",
    r"vacation",
)
CLOSING_QUESTION = _rx(
    r"есть ли у вас вопрос",
    r"какие (?:у вас )?(?:есть )?(?:ко мне )?вопрос",
    r"вопросы ко мне",
    r"what questions do you have",
    r"у вас есть вопрос",
    r"ваши вопросы",
    r"any questions",
    r"questions for me",
    r"у меня все\b",
    r"that'?s all",
    r"интервью завершено",
)

ACTIONS = _rx(
    r"\b(?:с|пере|на|вы|за|до|при|раз|у|вне|от|под)?(?:дела|писа|строи|собра|счита|смотре|провери|настрои|внедри|"
    r"запусти|исправи|реши|нашл|наше|вынес|добави|убра|замени|вве|перевел|перенес|оптимизирова|автоматизирова|"
    r"упрости|подготови|выкати|измери|секционирова|отказа|пробова|разби|вырос|обучи|предложи|ловим|сохраняем|"
    r"отдаем)\w*",
    r"\b(?:implemented|built|found|fixed|ran|added|measured|moved|migrated|designed|wrote|swapped|replaced|reduced|"
    r"introduced|deployed|profiled|debugged|refactored|split|cached|learned|shipped|rewrote|solved|tested|wrapped|"
    r"set up|switched|dropped|chose|decided|keep|pass|write down|ask)\b",
)

REASONING = _rx(
    r"потому что",
    r"\bпоэтому\b",
    r"\bчтобы\b",
    r"из-за",
    r"так как",
    r"\bиначе\b",
    r"в итоге",
    r"в результате",
    r"\bвместо\b",
    r"\bа не\b",
    r"компромисс\w*",
    r"\bзато\b",
    r"\bесли\b[^.?!]{3,80}\b(?:то|тогда)\b",
    r"\bbecause\b",
    r"so that",
    r"\btherefore\b",
    r"\botherwise\b",
    r"which means",
    r"\binstead\b",
    r"rather than",
    r"trade-?off",
    r"\bso the\b",
    r"\bif\b[^.?!]{3,80}\bthen\b",
    r"\bthat'?s why\b",
)

ALTERNATIVES = _rx(
    r"пробовал\w*",
    r"отказал\w*",
    r"рассматривал\w*",
    r"сравнивал\w*",
    r"альтернатив\w*",
    r"\bвместо\b",
    r"looked at",
    r"considered",
    r"\btried\b",
    r"\binstead\b",
    r"rather than",
    r"in the end",
)

STEPS = _rx(
    r"\bсначала\b",
    r"\bпотом\b",
    r"\bзатем\b",
    r"\bдальше\b",
    r"после этого",
    r"во-первых",
    r"во-вторых",
    r"я бы (?:начал\w*|посмотрел\w*|проверил\w*|показал\w*|сделал\w*)",
    r"\bfirst\b",
    r"\bthen\b",
    r"after that",
    r"\bnext\b",
    r"i'?d start",
    r"i would start",
)

RESULTS = _rx(
    r"\bстало\b",
    r"вырос\w*",
    r"снизил\w*",
    r"сократил\w*",
    r"ускорил\w*",
    r"в итоге",
    r"в результате",
    r"\bp9\d\b",
    r"\d+\s*(?:мс|ms|%|процент\w*|раз\b)",
    r"\bпроцент\w*",
    r"\bраз в\b",
    r"\bresult\w*",
    r"reduced",
    r"improved",
    r"went (?:up|down)",
    r"helped",
    r"showed up",
    r"surfaces?",
)

DIAGNOSTICS = _rx(
    r"explain",
    r"профил\w*",
    r"profil\w*",
    r"pprof",
    r"\bлог\w*",
    r"\blogs?\b",
    r"\bmetrics?\b",
    r"\bметрик\w*",
    r"trac\w*",
    r"трейс\w*",
    r"devtools",
    r"kubectl",
    r"describe",
    r"debugger",
    r"отладчик\w*",
    r"мониторинг\w*",
    r"-race",
    r"race detector",
    r"flame",
    r"воронк\w*",
    r"когорт\w*",
    r"консол\w*",
)

SITUATION = _rx(
    r"был (?:такой )?(?:случай|инцидент)",
    r"у нас был\w*",
    r"из недавнего",
    r"однажды",
    r"\bинцидент\w*",
    r"\bкейс\w*",
    r"we had",
    r"one (?:thing|time|was)",
    r"there was",
    r"learned the hard way",
)


NUMBER_WORDS = _rx(
    r"\b(?:дв[аеу]х?|двух|тр[иеё]х?|четыр\w*|пят(?:ь|и|ью)\b|пятнадцат\w*|пятьдесят\w*|шест(?:ь|и)\b|сем(?:ь|и)\b|"
    r"восем\w*|девят\w*|десят\w*|двадцат\w*|тридцат\w*|сорок\w*|сто\b|ста\b|двест\w*|двухсот\w*|трист\w*|тысяч\w*|"
    r"миллион\w*|миллиард\w*|полтор\w*)",
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|fifty|hundred|thousand|"
    r"million|billion|percent)\b",
    r"\d+(?:[.,]\d+)?",
)

CODE_TOKEN = re.compile(
    r"[A-Za-z]+_[A-Za-z_]+|[A-Za-z]+\.[A-Za-z]+\(?\)?|\b[a-z]+[A-Z][A-Za-z]+\b|\b[A-Z]{2,}[a-z]*\b|\s-[a-z]{2,}\b|"
    r"\b[A-Za-z]+\(\)"
)
LATIN_WORD = re.compile(r"\b[A-Za-z][A-Za-z0-9+#.\-]*[A-Za-z0-9+#]\b")

POSITIVE_ATTITUDE = _rx(
    r"я предложил\w*",
    r"я посчитал\w*",
    r"взял\w* на себя",
    r"договорил\w*",
    r"помога\w*",
    r"\bпомог\w*",
    r"ментор\w*",
    r"один на один",
    r"вырос до",
    r"сам ревьюит",
    r"учусь",
    r"быстро учусь",
    r"есть куда расти",
    r"хочу (?:вырасти|развиваться|учиться)",
    r"хочется\W+(?:\w+\W+){0,3}вырасти",
    r"обучал\w* коллег",
    r"обратн\w+ связ\w*",
    r"не стал просто",
    r"честно\b",
    r"i try to",
    r"i prefer",
    r"happy to learn",
    r"want to learn",
    r"to be realistic",
    r"\bhonestly\b",
    r"feedback",
    r"help(?:ed)? (?:the team|others|colleagues)",
    r"mentor\w*",
    r"\bwe agreed\b",
    r"i own\b",
)

BLAME = _rx(
    r"не от меня завис\w*",
    r"(?:их|его|ее) руководитель должен",
    r"невозможно (?:было )?договориться",
    r"сложный человек",
    r"это их проблем\w*",
    r"виноват\w* (?:были )?(?:разработчик|они|менеджер|заказчик)",
    r"not my fault",
    r"their fault",
    r"blame\w*",
    r"impossible to work with",
)
INDIFFERENCE = _rx(
    r"не жаловал\w*",
    r"ну и ладно",
    r"нам было все равно",
    r"didn'?t complain",
    r"nobody noticed",
    r"who cares",
)
INFORMAL_DEMAND = _rx(r"\bкороче\b", r"\bслушай\b", r"давай по-честному", r"\bне забудь\b")

# Attempts to steer the evaluator. Manipulation asks for a result; prompt injection
# tries to replace the evaluator's instructions.
MANIPULATION = _rx(
    r"(?:постав|дай|дайте|напиш|выстав)\w*[^.?!]{0,40}(?:максимальн\w*|высок\w*|сто\b|100|пятерк\w*|отличн\w*)"
    r"[^.?!]{0,20}(?:балл\w*|оценк\w*|рекомендац\w*)",
    r"максимальн\w+ балл\w*",
    r"по сто баллов",
    r"(?:ты|вы) должн\w* (?:меня )?рекомендова\w*",
    r"рекомендуй меня",
    r"strongly_recommend",
    r"(?:give|rate|score)\s+me\b[^.?!]{0,30}(?:maximum|max|highest|top|100|perfect|full)",
    r"(?:maximum|highest|perfect|full) (?:score|points|marks)\b",
    r"you (?:must|should|have to) recommend",
    r"recommend me\b",
    r"указани\w+ разработчик\w*",
    r"разработчики (?:мне )?(?:сами )?сказали",
    r"это проверка системы",
    r"developers? (?:told|asked|instructed)",
    r"this is (?:a|just a) test of (?:the|this) system",
    r"напишу жалобу",
    r"пожалуюсь",
    r"i'?ll (?:complain|report)",
    r"если (?:ты|вы) не постав\w*",
    r"if you don'?t (?:give|rate|score)",
)
PROMPT_INJECTION = _rx(
    r"игнорир\w* (?:все |предыдущ\w* |прошл\w* )*(?:инструкц\w*|указани\w*|правил\w*)",
    r"забудь\w* (?:все |свои )*(?:инструкц\w*|правил\w*)",
    r"системн\w+ (?:промпт|подсказк|инструкц)\w*",
    r"\bты теперь\b",
    r"новые инструкци\w*",
    r"режим разработчика",
    r"ignore (?:all |any |the )?(?:previous |prior |above )?(?:instructions|rules|prompts?)",
    r"forget (?:your|all|previous) (?:instructions|rules)",
    r"system prompt",
    r"you are now\b",
    r"developer mode",
    r"new instructions",
    r"</?\s*(?:system|assistant|instructions?)\s*>",
    r"#{2,}\s*(?:system|instruction)",
    r"act as (?:the|an?) (?:evaluator|admin|developer)",
)


def count(pattern: re.Pattern[str], text: str) -> int:
    return len(pattern.findall(text))
