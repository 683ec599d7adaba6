"""Normalisation: a matching form for finding values, a display form for reading.

The printed text is never changed in place; these functions return copies.

- :func:`fold` / :func:`canonical_name`: the matching form and the form names are
  compared and shown in (traditional characters become simplified here).
- :func:`split_lines`: the document's lines (the unit of ``Section.line_start``).
- :func:`clean_line`, :func:`is_page_furniture`, :func:`display_paragraphs`:
  the display form of a block of lines (markdown debris and page furniture gone,
  paragraphs that a page break split re-joined).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from .memo import short_text_cache, text_cache

# PDF text layers emit CJK radicals (U+2E80 block) that NFKC leaves alone.
_RADICALS = str.maketrans({
    "\u2ed4": "门", "\u2ecb": "车", "\u2ee2": "长", "\u2ec5": "见", "\u2ed7": "雨",
    "\u2ee9": "黄", "\u2eea": "黾", "\u2ebc": "月", "\u2ec4": "西", "\u2ecf": "阝",
    "\u2ed6": "阝", "\u2ea0": "民", "\u2ead": "示", "\u2eb2": "罒", "\u2ec6": "角",
    "\u2ec8": "讠", "\u2ed8": "青", "\u2edd": "食", "\u2ee0": "饣", "\u2ee3": "马",
    "\u2ee4": "鬼", "\u2ee5": "鱼", "\u2ee6": "鸟", "\u2eeb": "齐", "\u2eed": "齿",
    "\u2ef3": "龟", "\u2ec0": "衤",
})

_HAS_RADICAL = re.compile("[\u2e80-\u2eff]")

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Whitespace with a CJK character on at least one side is layout, not content.
# The leading lookahead lets the engine skip non-space positions at once (twice as fast).
_SPACE_NEAR_CJK = re.compile(rf"(?=\s)(?:(?<=[{_CJK}（）()：:，,。；;、“”%])\s+|\s+(?=[{_CJK}（）()：:，,。；;、“”%]))")

# Frequent characters that exist only in traditional script (never in a
# simplified text). One of them present means the string is worth converting;
# simplified texts pay one regex scan and nothing else.
_TRADITIONAL_HINTS = "".join(sorted(set(
    "佔來個們備傳債價億優儲內別則動務勞勵區參員問單嚴國團執報夥學實專對導屬幹廳後徑態應戶採撫"
    "據擴數於時會條業構標機檢欄權氣沒況減準滿濟災為烏無熱營獎現環產異當療發眾碼礎稅稱積節築籤"
    "糧級細組結絡經綜維網線編縣總績繫繳續義聯職臺與華萬處號術衛補裝見規訂計訓託設訴註評詞詢詳"
    "說調論諮議護變讓負貨責買費貼賃資質購車軟較輛輸轉辦農這進遊運過達還郵鄉醫釋錄長門開關陳際"
    "險雖離電響頁項預領題額類養餘體魯點齊決撥財報齡"
    # The traditional-only forms (zhconv TRADONLY) of the 3755 GB2312 level-1 characters:
    # short strings (a scorecard cell "明顯提升", a unit "場") need more than the
    # frequent words above, and a character class this size costs no more to search.
    "丟並乾亂亞佔來侖侶俠倆倉個們倫偉側偵傑傘備傭傳債傷傾僅僑僕僞僥僱價儀億儈儉償優儲兇兌兒內兩冊冪凍凜凱別刪則剎剛剝剮創劃劇劉劊劍劑"
    "勁動務勝勞勢勳勵勸勻匯區協卻厭厲參叄叢吳吶呂員問啓啞喚喪喫喬單喲嗆嗎嗚嘆嘔嘗嘯噓噴噸嚇嚨嚴囂囑囪國圍園圓圖團執堅堯報場塊塗塢塵塹"
    "墊墜墮墳墾壇壓壘壞壟壩壯壺壽夠夢夥夾奧奪奮妝娛婁婦媽嬌嬰嬸孫學孿宮寢實寧審寫寬寵寶將專尋對導屆屍屜屢層屬岡峯島峽崗嶄嶺嶼嶽巋巒巖"
    "帥師帳帶幀幟幣幫幹幾庫廁廂廄廈廚廟廠廢廣廬廳張強彈彌彎彥後徑從復徵徹恆恥悅悶悽惡惱愛慄態慘慚慣慫慮慶憂憊憐憑憚憤憫憲憶懇應懲懶懷"
    "懸懼懾戀戰戲戶拋挾掃掄掙掛採揀揚換揮損搖搗搶摟摯摳摻撈撐撓撣撥撫撲撻撾撿擁擄擇擊擋擔據擠擬擯擰擱擲擴擺擻擾攆攏攔攙攜攝攢攣攤攪攬"
    "敗敘敵數斂斃斬斷於時晉晝暈暢暫曉曠曬書會東柵條棄棗棟棧棲楊楓業極榮構槍槓槳樁樂樓標樞樣樸樹橋機橢橫檔檢檸檻櫃櫥櫻欄權欽歐歡歲歷歸"
    "殘殲殺殼毀毆氈氣氫決沒況洶涼淚淨淪淵淺渙減渦測渾湊湧湯準溝溫溼滄滅滌滬滯滲滷滾滿漁漚漢漣漬漲漸漿潑潔潛潤潰澀澆澇澗澤澱濁濃濘濟濤"
    "濫濰濱濺濾瀉瀕瀝瀾灑灘灣灤災烏烴無煉煙煥煩熒熱熾燈燒燙營燦燭燴燻燼爍爐爛爭爲爺爾牀牆牽犢犧狀狹狽猙猶獄獅獎獨獰獲獵獸獺獻現琺瑣瑤"
    "瑩瑪環瓊甕產畝畢畫異當疇疊痙瘋瘍瘓瘡瘧療癟癡癢癬癰癱發皁皚皺盜盞盡監盤盧睜瞞矚矯硯碩確碼磚礆礎礙礦礫礬祕祿禍禮禱禿稅稈種稱積穎穢"
    "穩窩窪窮窯窺竄竅竈竊競筆筍箋節範築篩簍簡簾籃籌籠籤籬籮籲粵糞糧糾紀約紅紉紋納紐純紗紙級紛紡細紳紹終組絆結絕絛絞絡絢給絨統絲絹綁綏"
    "經綜綠綢維綱網綴綸綻綽綿緊緒緘線緝緞締緣編緩緬緯練縛縣縫縮縱縷總績繃織繕繞繡繩繪繭繳繹繼續纏纓纖纜罰罵罷羅羣羨義習翹聖聞聯聰聲聳"
    "聶職聽聾肅脅脈脣脫脹腎腦腫腳腸膚膠膩膽膿臉臍臘臥臨臺與興舉舊艙艦艱茲荊莊莖莢華萊萬葉葦葷蒼蓋蓮蔣蔥蔭蕩蕪蕭薊薔薦薩藉藍藝藥藹蘆蘇"
    "蘊蘋蘭蘿處虛虜號虧蛻蝕蝦蝨蝸螞螢蟄蟬蟲蟻蠅蠍蠟蠱蠶蠻衆術衛衝裏補裝褲襖襪襯襲覆見規覓視親覺覽觀觸訂訃計訊討訓訖託記訛訝訟訣訪設許"
    "訴診詐評詛詞詠詢詣試詩詫詭話該詳誅誇認誕誘語誠誡誣誤誦誨說誰課誹誼調諄談請諒論諜諧諮諱諷諸諺諾謀謂謄謅謊謎謗謙講謝謠謬謹謾譁證譏"
    "識譚譜譯議譴護譽讀變讒讓讕豈豎豐豔豬貓貝貞負財貢貧貨販貪貫責貯貳貴貶買貸費貼貿賀賂賃賄資賈賊賒賓賜賞賠賢賣賤賦質賬賭賴賺購賽贅贈"
    "贊贍贏贓贖贛趕趙趨跡踐踴蹤躊躍躥軀車軋軌軍軒軟軸較載輔輕輛輝輥輩輪輯輸輻輾輿轄轅轉轍轎轟辦辭辮辯農這連進遊運過達違遙遜遞遠適遲遷"
    "選遺遼邁還邊邏郵鄉鄒鄖鄧鄭鄰鄲醜醞醫醬釀釁釋釐釘針釣釩釺鈉鈍鈔鈕鈞鈣鈴鈾鉀鉑鉗鉚鉛鉢鉤鉸鉻銀銅銑銘銜銥銳銷銻鋁鋅鋇鋒鋤鋪鋸鋼錄錐"
    "錘錠錢錦錨錫錯錳鍁鍋鍍鍘鍛鍬鍵鍺鍾鎂鎊鎖鎢鎬鎮鎳鏈鏟鏡鏽鐐鐮鐳鐵鑄鑑鑰鑲鑷鑼鑽鑿長門閃閉開閏閒間閘閡閣閥閨閩閱閹閻闊闌闖關闡闢陝"
    "陣陰陳陸陽隊階隕際隨險隱隴隸雖雙雛雜雞離難雲電霧靈靜鞏韋韌韓韻響頁頂頃項順須頌預頑頒頓頗領頤頭頰頸頹頻顆題額顏願顛類顧顫顯顱顴風"
    "飄飛飢飯飲飼飽飾餃餅養餌餒餓餘餞餡館餵餾饅饋饒饞馬馭馮馱馳馴駁駐駒駕駛駝駭駱駿騁騎騙騰騷騾驅驕驗驚驟驢骯髒體鬥鬧鬱魚魯鮑鮮鯉鯨鰓"
    "鱉鱗鳥鳳鳴鴉鴕鴛鴦鴨鴻鴿鵑鵝鵬鵲鶴鷗鷹鹹鹼鹽麗麥麼黃點黨黴齊齋齒齡齧齲龍龐龔龜"
)))
_TRADITIONAL = re.compile(f"[{_TRADITIONAL_HINTS}]")


def is_traditional(text: str) -> bool:
    """True when ``text`` contains characters used only in traditional script."""
    return _TRADITIONAL.search(text) is not None


def to_simplified(text: str) -> str:
    """Traditional → simplified script (character and phrase level, no regional
    vocabulary changes). Texts without traditional characters are returned as is."""
    if not is_traditional(text):
        return text
    import zhconv  # lazy: the dictionary loads only for traditional texts

    return zhconv.convert(text, "zh-hans")


# Runs that NFKC may change. ASCII, CJK unified ideographs and 、。 are
# NFKC-stable and never compose with a neighbour except an ASCII letter before
# a combining mark, so the ASCII character before a run goes with it.
_NFKC_UNSTABLE = re.compile(r"[\x00-\x7f]?[^\x00-\x7f\u4e00-\u9fff\u3001\u3002]+")


def _nfkc_run(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, normalising only the runs that
    can change (a Chinese text is mostly stable, so this is several times faster)."""
    if unicodedata.is_normalized("NFKC", text):  # most cells and labels: a C check, no copy
        return text
    if "\n" in text:
        # A newline never composes with a neighbour: lines normalise apart, and most
        # lines of a document (headings, grid rows) pass the check above untouched.
        return "\n".join([nfkc(line) for line in text.split("\n")])
    return _NFKC_UNSTABLE.sub(_nfkc_run, text)


# Extractors and checks fold the same labels, titles and cells thousands of times per
# document; only a few texts per document are long (they age out of the cache).
@text_cache(16384)
def fold(text: str) -> str:
    """The matching form: NFKC (full-width digits, ％, ：, （）, U+3000 → ASCII),
    radical look-alikes mapped, traditional characters made simplified,
    whitespace next to CJK characters removed.

    Full-width parentheses become ASCII ``()``; callers that need names in
    their canonical form use :func:`canonical_name`.
    """
    text = nfkc(text)
    if _HAS_RADICAL.search(text):
        text = text.translate(_RADICALS)
    text = to_simplified(text)
    return _SPACE_NEAR_CJK.sub("", text)


_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]+")  # not whitespace to str.split


def fold_compact(text: str) -> str:
    """:func:`fold` with every whitespace and zero-width character removed
    (the form a document's id is computed from)."""
    text = nfkc(text)
    if _HAS_RADICAL.search(text):
        text = text.translate(_RADICALS)
    compact = "".join(to_simplified(text).split())
    return _ZERO_WIDTH.sub("", compact) if _ZERO_WIDTH.search(compact) else compact


@text_cache(4096)  # names
def canonical_name(name: str) -> str:
    """A name as it should be shown and compared: folded, with full-width （）."""
    return fold(name).replace("(", "（").replace(")", "）").strip()


# --- lines -----------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n?")


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF (the form every line index refers to)."""
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def split_lines(text: str) -> list[str]:
    """The document's lines: newlines normalised, split on LF only.

    (``str.splitlines`` would also split on form feeds and U+2028, which are
    content here.) ``Section.line_start``/``line_end`` index this list.
    """
    return normalize_newlines(text).removeprefix("\ufeff").split("\n")


# --- display form ----------------------------------------------------------

_BULLET = re.compile(r"^[ \t\u3000]*(?:[-*+•·▪●◆■][ \t\u3000]+)+")
_MARKUP_STARTS = frozenset("-*+•·▪●◆■#")
_MD_HEADING = re.compile(r"^[ \t\u3000]*#{1,6}[ \t\u3000]*")
_BOLD = "**"

# Page furniture: "- 1 -", "— 12 —", "第 3 页", "第3页 共25页", "3/25", "Page 3 of 25".
_FURNITURE = re.compile(
    r"^\s*(?:"
    r"[-–—－]\s*\d{1,4}\s*[-–—－]"
    r"|(?:共\s*\d{1,4}\s*页\s*[,，]?\s*)?第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r")\s*$",
    re.IGNORECASE,
)

# Sentence-final punctuation: a paragraph ending here is complete.
_TERMINAL = set("。！？!?；;：:…")
_CLOSERS = set("”’」』）)】]\"'")
_NUMBER_END = re.compile(r"\d[%％]?$")
_NUMBER_START = re.compile(r"^[-−]?\d")
_WIDE = re.compile(rf"[{_CJK}\u3000-\u303f\uff00-\uffef“”‘’]")


def is_grid_line(line: str) -> bool:
    """A flattened table row (tab-separated cells, or ``|`` cells of an HTML conversion)."""
    return "\t" in line or line.count("|") >= 2


def is_page_furniture(line: str) -> bool:
    """Page numbers a converter left in the text (removed from display, never from raw)."""
    return bool(_FURNITURE.match(line))


@short_text_cache()  # the sectioner, the extractors and the display clean the same lines
def clean_line(line: str) -> str:
    """Display cleaning of one line: markdown bullets, ``#`` and ``**bold**`` removed.

    Grid lines keep their tabs (empty leading cells matter); other lines are stripped.
    """
    line = line.rstrip("\r\n")
    if line.lstrip(" \t\u3000")[:1] in _MARKUP_STARTS:
        line = _MD_HEADING.sub("", _BULLET.sub("", line))
    if _BOLD in line:
        line = line.replace(_BOLD, "")
    if is_grid_line(line):
        return line.rstrip(" \u3000")
    return line.strip()


def _ends_sentence(text: str) -> bool:
    text = text.rstrip()
    while text and text[-1] in _CLOSERS:
        if len(text) >= 2 and text[-2] in _TERMINAL:
            return True
        text = text[:-1]
    return bool(text) and text[-1] in _TERMINAL


_LEADING_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]|\d{1,2}[.、．](?!\d))")


_CLAUSE_PUNCT = re.compile("[，,。、；;]")


def _is_prose(text: str) -> bool:
    """Long enough or punctuated like a sentence (captions, labels and headings are neither)."""
    text = _LEADING_NUMBER.sub("", text, count=1)
    return len(text) >= 20 or _CLAUSE_PUNCT.search(text) is not None


def _joiner(left: str, right: str) -> str:
    if _WIDE.match(left[-1]) or _WIDE.match(right[0]):
        return ""
    return " "


def display_paragraphs(lines: Iterable[str], starts_item: Callable[[str], bool] | None = None) -> list[str]:
    """Display paragraphs of a block of raw lines.

    Lines are cleaned (:func:`clean_line`), page furniture and blank lines
    dropped, and a paragraph that a page break split mid-sentence is joined
    to the next one: when it reads as prose, does not end in sentence
    punctuation, the next one does not start a new item (``starts_item``,
    e.g. a numbered line), neither is a grid line, and the break is not
    between two numbers. A section's heading line is not passed in here.
    """
    out: list[str] = []
    open_ = False  # may the last paragraph take a continuation?
    for raw in lines:
        if not raw.strip() or is_page_furniture(raw):
            continue
        line = clean_line(raw)
        if not line.strip():
            continue
        grid = is_grid_line(line)
        # (starts_item is asked only when the line could be joined: most lines cannot.)
        if (
            open_
            and not grid
            and not (starts_item is not None and starts_item(line))
            and not (_NUMBER_END.search(out[-1]) and _NUMBER_START.match(line))
        ):
            out[-1] = out[-1] + _joiner(out[-1], line) + line
        else:
            out.append(line)
        last = out[-1]
        open_ = not grid and not _ends_sentence(last) and _is_prose(last)
    return out


def display_text(lines: Iterable[str], starts_item: Callable[[str], bool] | None = None) -> str:
    """:func:`display_paragraphs` joined with newlines (one paragraph per line)."""
    return "\n".join(display_paragraphs(lines, starts_item))


_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")


def compact_cjk(text: str) -> str:
    """Spaces a PDF put between two CJK characters removed (for titles)."""
    return _SPACE_BETWEEN_CJK.sub("", text).strip()
