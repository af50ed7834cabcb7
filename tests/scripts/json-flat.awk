# Flattens a JSON document into one "path value" line per scalar, such as
#   generation.backends.1.cost 86.274603174603172
#   inference.comparison.breakeven_requests_per_day 9165.739710789765
# Array elements are numbered from 0.  Strings keep their quotes.  Enough
# JSON for raftcost's reports: the tests have no jq or python to lean on.
{ text = text $0 "\n" }
END {
    n = length(text)
    depth = 0
    expect_key = 0
    for (i = 1; i <= n; i++) {
        c = substr(text, i, 1)
        if (c ~ /[ \t\r\n]/)
            continue
        if (c == "{" || c == "[") {
            depth++
            kind[depth] = c
            key[depth] = (c == "[") ? 0 : ""
            expect_key = (c == "{")
        } else if (c == "}" || c == "]") {
            depth--
        } else if (c == ":") {
            expect_key = 0
        } else if (c == ",") {
            if (kind[depth] == "[")
                key[depth]++
            else
                expect_key = 1
        } else {
            if (c == "\"") {
                j = i + 1
                while (substr(text, j, 1) != "\"") {
                    if (substr(text, j, 1) == "\\")
                        j++
                    j++
                }
                tok = substr(text, i, j - i + 1)
                i = j
            } else {
                j = i
                while (substr(text, j, 1) !~ /[,}\] \t\r\n]/ && j <= n)
                    j++
                tok = substr(text, i, j - i)
                i = j - 1
            }
            if (expect_key && kind[depth] == "{") {
                key[depth] = substr(tok, 2, length(tok) - 2)
                continue
            }
            path = ""
            for (d = 1; d <= depth; d++)
                path = path (d > 1 ? "." : "") key[d]
            print path, tok
        }
    }
}
