# funclen.awk: the length of every function defined in a C file of this
# project's style, one line each: "<lines> <file>:<line> <name>". A
# definition starts at a column-0 line with "name(" that does not end in
# ";", and its body opens with "{" alone at column 0 and ends with "}" at
# column 0; the length counts from the line of its name to that brace.
# Used by t0470-shape.sh.
FNR == 1 { name = ""; start = 0; inbody = 0 }
!inbody && /^[A-Za-z_].*[A-Za-z0-9_]\(/ && !/;[ \t]*$/ && !/^(if|for|while|switch|return)\b/ {
	name = $0; sub(/\(.*/, "", name); sub(/.*[ *]/, "", name); start = FNR; next
}
!inbody && /^\{/ && start { inbody = 1; next }
inbody && /^\}/ { print FNR - start + 1, FILENAME ":" start, name; inbody = 0; start = 0; next }
!inbody && /;[ \t]*$/ && start && !/^[ \t]/ { start = 0 }
