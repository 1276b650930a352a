"""The fixed words and phrases the rule translator understands, by role.

Every phrase is lower case, words separated by one space; comparison signs are words too.
A word that appears here is "reserved": it is never taken for the name of the things a
question counts ("how many penguins") and never corrected into a column name.
"""

from __future__ import annotations

LEADS = (
    "what is",
    "what are",
    "what was",
    "what were",
    "tell me",
    "tell us",
    "show me",
    "show us",
    "show",
    "give me",
    "give",
    "please",
    "can you",
    "could you",
    "would you",
    "can i see",
    "can i get",
    "can i have",
    "i want to know",
    "i want to see",
    "i would like to know",
    "i would like to see",
    "i would like",
    "i want",
    "i need",
    "find",
    "find me",
    "compute",
    "calculate",
    "get",
    "get me",
    "return",
    "display",
    "list",
    "let me know",
    "do you know",
    "so",
    "ok",
    "okay",
    "hey",
    "hi",
    "now",
)
# Leads after which a bare noun means "the rows" or "the values": "list the species".
LISTING_LEADS = frozenset(
    {
        "show",
        "show me",
        "show us",
        "give me",
        "give",
        "list",
        "display",
        "find",
        "find me",
        "get",
        "get me",
        "return",
        "what are",
        "what were",
        "can i see",
        "i want to see",
        "i would like to see",
    }
)

ROW_WORDS = (
    "rows",
    "row",
    "records",
    "record",
    "entries",
    "entry",
    "observations",
    "observation",
    "lines",
    "items",
    "samples",
    "cases",
    "instances",
    "data points",
    "datapoints",
)
CONTAINERS = ("dataset", "data set", "data", "table", "file", "sheet", "spreadsheet")

COUNT_HEADS = (
    "count",
    "count of",
    "count the",
    "count all",
    "count all the",
    "count of all",
    "count of the",
    "number of",
    "number of all",
    "number of the",
    "total number of",
    "total count of",
    "the total number of",
)
DISTINCT_COUNT_HEADS = (
    "how many distinct",
    "how many unique",
    "how many different",
    "number of distinct",
    "number of unique",
    "number of different",
    "count distinct",
    "count of distinct",
    "count of unique",
    "count of different",
    "count the distinct",
    "count the unique",
    "count unique",
    "distinct count of",
    "unique count of",
)

AGGREGATE_WORDS = {
    "mean": ("mean", "average", "avg", "arithmetic mean", "mean value of", "average value of"),
    "sum": ("sum", "total", "sum of all", "total of all", "sum total"),
    "min": ("min", "minimum", "lowest", "smallest", "minimum value of", "lowest value of"),
    "max": ("max", "maximum", "highest", "largest", "biggest", "greatest", "maximum value of"),
    "median": ("median", "median value of"),
    "std": ("standard deviation", "std", "stdev", "std dev", "stddev", "sd"),
}

# Ranking
TOP = ("top",)
BOTTOM = ("bottom",)
MOST = (
    "most",
    "largest number of",
    "highest number of",
    "greatest number of",
    "biggest number of",
    "most number of",
    "highest count of",
    "largest count of",
)
FEWEST = (
    "fewest",
    "least",
    "smallest number of",
    "lowest number of",
    "least number of",
    "lowest count of",
    "smallest count of",
)
HIGHEST = ("highest", "largest", "biggest", "greatest", "maximum", "max")
LOWEST = ("lowest", "smallest", "minimum", "min", "least")
COMMON = ("common", "frequent", "popular", "often occurring", "frequently occurring")
COUNT_METRICS = (
    "count",
    "counts",
    "row count",
    "number of rows",
    "number of records",
    "the number of rows",
    "frequency",
    "size",
    "the count",
)
HAS = ("has", "have", "had", "is", "are", "gets", "get")

MISSING_NOUNS = (
    "missing values",
    "missing value",
    "missing data",
    "missing entries",
    "missing",
    "null values",
    "nulls",
    "null",
    "nan values",
    "nans",
    "na values",
    "empty values",
    "blank values",
    "missing value counts",
    "missing counts",
    "null counts",
    "number of missing values",
    "count of missing values",
    "number of nulls",
    "count of nulls",
    "number of null values",
    "how many missing values",
    "how many nulls",
    "how many null values",
    "how many values are missing",
    "how many missing",
    "number of missing",
)
PER_COLUMN = (
    "per column",
    "by column",
    "in each column",
    "for each column",
    "for every column",
    "in every column",
    "in all columns",
    "for all columns",
    "of each column",
    "of every column",
    "in the columns",
    "across columns",
    "across all columns",
    "column by column",
    "per variable",
    "per field",
    "per feature",
)
COLUMN_NOUNS = ("columns", "fields", "variables", "features", "attributes")
COLUMN_WORDS = (
    "columns",
    "column names",
    "names of the columns",
    "fields",
    "field names",
    "variables",
    "features",
    "attributes",
    "headers",
    "schema",
    "list of columns",
    "column list",
)
SHAPE_WORDS = ("shape", "dimensions", "dimension", "size")

DISTINCT_WORDS = ("distinct", "unique", "different", "possible")
VALUE_WORDS = ("values", "categories", "levels", "options", "classes", "groups")
DISTRIBUTION_WORDS = (
    "distribution",
    "histogram",
    "frequency distribution",
    "frequencies",
    "value counts",
    "breakdown",
    "frequency table",
)
CORRELATION_WORDS = (
    "correlation",
    "correlation coefficient",
    "pearson correlation",
    "pearson correlation coefficient",
    "corr",
)

# Filters
FILTER_INTROS = (
    "where",
    "with",
    "whose",
    "when",
    "if",
    "having",
    "that have",
    "that has",
    "that had",
    "which have",
    "which has",
    "who have",
    "who has",
    "for which",
    "in which",
    "such that",
    "for rows where",
    "for rows with",
    "among rows where",
    "among rows with",
    "only where",
    "only for rows where",
    "restricted to rows where",
    "given that",
    "have",
    "has",
    "had",
)
# Introduce a bare value ("on Biscoe", "for females", "are female") or "league N".
VALUE_INTROS = (
    "for",
    "on",
    "in",
    "from",
    "among",
    "at",
    "of",
    "for only",
    "only for",
    "only on",
    "only in",
    "that are",
    "which are",
    "who are",
    "are",
    "is",
    "that is",
    "which is",
    "were",
    "was",
    "are on",
    "are in",
    "are from",
    "are at",
    "that are on",
    "that are in",
    "that are from",
    "live on",
    "live in",
    "living on",
    "living in",
)
ARTICLES = ("a", "an", "the")
EQ = ("is", "=", "equals", "is equal to", "equal to", "was", "are", "of")
NE = (
    "is not",
    "!=",
    "not",
    "is not equal to",
    "not equal to",
    "does not equal",
    "is different from",
    "other than",
    "are not",
    "was not",
)
GT = (
    ">",
    "is greater than",
    "greater than",
    "is more than",
    "more than",
    "is larger than",
    "larger than",
    "is bigger than",
    "bigger than",
    "is higher than",
    "higher than",
    "is above",
    "above",
    "is over",
    "over",
    "exceeds",
    "exceeding",
    "is after",
    "after",
    "is later than",
    "later than",
)
GE = (
    ">=",
    "is greater than or equal to",
    "greater than or equal to",
    "is at least",
    "at least",
    "is no less than",
    "no less than",
    "is not less than",
    "not less than",
    "is on or after",
    "on or after",
)
LT = (
    "<",
    "is less than",
    "less than",
    "is fewer than",
    "fewer than",
    "is smaller than",
    "smaller than",
    "is lower than",
    "lower than",
    "is below",
    "below",
    "is under",
    "under",
    "is before",
    "before",
    "is earlier than",
    "earlier than",
)
LE = (
    "<=",
    "is less than or equal to",
    "less than or equal to",
    "is at most",
    "at most",
    "is no more than",
    "no more than",
    "is not more than",
    "not more than",
    "is on or before",
    "on or before",
    "up to",
)
COMPARISONS = {"=": EQ, "!=": NE, ">": GT, ">=": GE, "<": LT, "<=": LE}
# "with more than 100 hits": the comparison before the number, the column after it.
LEADING_COMPARISONS = {
    ">": ("more than", "over", "above", "greater than", "higher than"),
    ">=": ("at least", "no less than"),
    "<": ("fewer than", "less than", "under", "below", "lower than"),
    "<=": ("at most", "no more than"),
    "=": ("exactly",),
}
BETWEEN = ("between", "is between", "are between", "from", "is from", "ranging from")
BETWEEN_AND = {"between": ("and",), "from": ("to", "through")}
IN = ("in", "is in", "is one of", "one of", "is any of", "are in", "is among")
NOT_IN = ("not in", "is not in", "is not one of", "not one of", "is none of", "are not in")
EITHER = ("is either", "either", "are either")
CONTAINS = ("contains", "includes", "containing", "including", "contain", "include")
NOT_CONTAINS = (
    "does not contain",
    "does not include",
    "not containing",
    "do not contain",
    "do not include",
)
IS_NULL = (
    "is missing",
    "is null",
    "is empty",
    "is blank",
    "is na",
    "is nan",
    "is unknown",
    "is not known",
    "are missing",
    "missing",
    "is not recorded",
)
NOT_NULL = (
    "is not missing",
    "is not null",
    "is not empty",
    "is known",
    "is present",
    "is available",
    "is not na",
    "not missing",
    "are not missing",
    "is recorded",
)
MISSING_PREFIX = ("missing", "a missing", "an unknown", "unknown", "no recorded")

# Grouping and ordering
GROUP_INTROS = (
    "by",
    "per",
    "for each",
    "for every",
    "in each",
    "in every",
    "on each",
    "of each",
    "from each",
    "at each",
    "grouped by",
    "group by",
    "grouping by",
    "broken down by",
    "broken out by",
    "split by",
    "by each",
    "across",
    "across each",
    "across the different",
    "across different",
    "for the different",
    "for different",
    "for each of the",
    "for each different",
    "for each individual",
)
GROUP_PREFIX = ("are there", "are", "is there", "is", "there are")
GROUP_SEPARATORS = ("and", ",", "and by", ", and", "and per", "and for each")
ORDER_INTROS = (
    "sorted by",
    "ordered by",
    "order by",
    "sort by",
    "ranked by",
    "sorted on",
    "arranged by",
    "sorted",
    "ordered",
    "ranked",
)
DESCENDING = (
    "descending",
    "desc",
    "in descending order",
    "in decreasing order",
    "decreasing",
    "from highest to lowest",
    "from largest to smallest",
    "highest to lowest",
    "largest to smallest",
    "highest first",
    "largest first",
    "biggest first",
    "most first",
    "high to low",
)
ASCENDING = (
    "ascending",
    "asc",
    "in ascending order",
    "in increasing order",
    "increasing",
    "from lowest to highest",
    "from smallest to largest",
    "lowest to highest",
    "smallest to largest",
    "lowest first",
    "smallest first",
    "fewest first",
    "low to high",
)
BIN_WORDS = ("bins", "buckets", "intervals", "bars", "bin")
BIN_INTROS = ("with", "in", "using", "into", "over", "across")

ENTITY_INTROS = (
    "of",
    "for",
    "among",
    "across",
    "over",
    "in",
    "from",
    "of all",
    "for all",
    "among all",
    "across all",
    "over all",
    "in all",
)
FILLERS = (
    "are there",
    "is there",
    "there are",
    "in total",
    "total",
    "overall",
    "altogether",
    "in all",
    "please",
    "exist",
    "exists",
    "are present",
    "do we have",
    "do i have",
    "does it have",
    "do you have",
    "does the dataset have",
    "does the data have",
    "does the table have",
    "does this dataset have",
    "does the file have",
    "are recorded",
    "are listed",
    "are available",
    "available",
    "thanks",
    "thank you",
    "for me",
    "are in the dataset",
    "are in the data",
    "are in the table",
    "is in the dataset",
    "in the dataset",
    "in the data",
    "in this dataset",
    "in the data set",
    "in the table",
    "in this table",
    "in the file",
)

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "fifty": 50,
    "hundred": 100,
}

FUNCTION_WORDS = (
    "a an the of in on at for to by with and or not no is are was were be been being has have "
    "had do does did what which who whom whose how many much where when why there this that "
    "these those each every all any some per than more less most least it its they them their "
    "we our you your i me my as if so from into over under about across between among "
    "value values number numbers total count counts row rows column columns data dataset table "
    "show list give tell find get compute calculate display return please can could would "
    "should will may might want need like know see also only just then else but same other "
    "top bottom first last high low higher lower highest lowest big bigger biggest small "
    "smaller smallest large larger largest great greater greatest"
).split()


def _reserved() -> frozenset[str]:
    words: set[str] = set(FUNCTION_WORDS) | set(NUMBER_WORDS)
    groups: list[tuple[str, ...]] = [
        LEADS,
        ROW_WORDS,
        CONTAINERS,
        COUNT_HEADS,
        DISTINCT_COUNT_HEADS,
        MOST,
        FEWEST,
        HIGHEST,
        LOWEST,
        COMMON,
        COUNT_METRICS,
        HAS,
        MISSING_NOUNS,
        PER_COLUMN,
        COLUMN_WORDS,
        SHAPE_WORDS,
        DISTINCT_WORDS,
        VALUE_WORDS,
        DISTRIBUTION_WORDS,
        CORRELATION_WORDS,
        FILTER_INTROS,
        VALUE_INTROS,
        BETWEEN,
        IN,
        NOT_IN,
        EITHER,
        CONTAINS,
        NOT_CONTAINS,
        IS_NULL,
        NOT_NULL,
        MISSING_PREFIX,
        GROUP_INTROS,
        GROUP_PREFIX,
        ORDER_INTROS,
        DESCENDING,
        ASCENDING,
        BIN_WORDS,
        BIN_INTROS,
        ENTITY_INTROS,
        FILLERS,
        TOP,
        BOTTOM,
    ]
    groups.extend(AGGREGATE_WORDS.values())
    groups.extend(COMPARISONS.values())
    groups.extend(LEADING_COMPARISONS.values())
    for group in groups:
        for phrase in group:
            words.update(phrase.split())
    return frozenset(words)


RESERVED = _reserved()
