// Tokens of the rxrules rule language (.rxr files).
lexer grammar RxrLexer;

// Never lexed: engine/syntax/table_rows.cpp inserts it where a table row
// ends at the end of its line, so that the next row's pattern ("< 45 kg")
// cannot be read as the continuation of this row's value ("28 < 45 kg").
tokens { ROW_END }

// Declarations
PACK: 'pack';
VERSION: 'version';
DRUG: 'drug';
AKA: 'aka';
SOURCE: 'source';
NOTICE: 'notice';
IMPORT: 'import';
POLICY: 'policy';
CONST: 'const';
LET: 'let';
LIST: 'list';
SALTS: 'salts';
FORMS: 'forms';
TABLE: 'table';
RULE: 'rule';
// Request fields a pack reads
FIELD: 'field';
EXTEND: 'extend';
DERIVE: 'derive';
RECENT: 'recent';
LIKE: 'like';
// Rule parts
CATEGORY: 'category';
SEVERITY: 'severity';
WHEN: 'when';
MESSAGE: 'message';
CITE: 'cite';
// Expressions
AND: 'and';
OR: 'or';
NOT: 'not';
IN: 'in';
IS: 'is';
PRESENT: 'present';
MISSING: 'missing';
WITHIN: 'within';
OF: 'of';
WHERE: 'where';
SELECT: 'select';
OTHERWISE: 'otherwise';
AS: 'as';
TRUE: 'true';
FALSE: 'false';
IF: 'if';
THEN: 'then';
ELSE: 'else';

// "1.5 x ULN": a multiple of the compared lab's upper (or lower) limit of normal.
TIMES_LIMIT: ('x' | '\u00D7') [ \t]* ('ULN' | 'LLN');

// Units that cannot be mistaken for a name: they contain '/', '^' or '*'
// (mg/m2, /mm3, 10*9/L, x10^9/L, m^2). Plain-word units (mg, d, h) are IDENTs;
// the parser takes an IDENT right after a number as its unit.
UNIT
  : UNIT_WORD? ('/' UNIT_WORD)+
  | UNIT_WORD '^' DIGIT+ ('/' UNIT_WORD)*
  | '10' [*^] DIGIT+ ('/' UNIT_WORD)+
  ;

NUMBER: DIGIT+ ('_' DIGIT+)* ('.' DIGIT+)?;
// Names may contain inner hyphens, as rule ids and categories do
// (INO-CYTO-001, dose-modification): write spaces around '-' to subtract.
IDENT: LETTER (LETTER | DIGIT | '_')* ('-' (LETTER | DIGIT)+ (LETTER | DIGIT | '_')*)*;
STRING: '"' (~["\\\r\n] | '\\' ["\\nt{}])* '"';

ARROW: '->';
RANGE: '..';
LE: '<=';
GE: '>=';
EQ: '==';
NE: '!=';
LT: '<';
GT: '>';
ASSIGN: '=';
PLUS: '+';
MINUS: '-';
STAR: '*';
SLASH: '/';
PERCENT: '%';
COLON: ':';
BAR: '|';
COMMA: ',';
DOT: '.';
LPAREN: '(';
RPAREN: ')';
LBRACKET: '[';
RBRACKET: ']';
LBRACE: '{';
RBRACE: '}';

COMMENT: '#' ~[\r\n]* -> channel(HIDDEN);
WS: [ \t\r\n]+ -> channel(HIDDEN);
// Anything else becomes a token of its own so the parser reports it with a location.
UNEXPECTED_CHAR: .;

fragment DIGIT: [0-9];
fragment LETTER: [a-zA-Z\u00B5];
fragment UNIT_WORD: LETTER (LETTER | DIGIT)* ('^' DIGIT+)?;
