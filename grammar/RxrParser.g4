// Syntax of the rxrules rule language. The tree is turned into the AST by
// engine/syntax/builder.cpp, one function per rule below.
parser grammar RxrParser;

options { tokenVocab = RxrLexer; }

file: declaration* EOF;

declaration
  : PACK STRING VERSION STRING                                   # packDecl
  | DRUG STRING (AKA STRING (COMMA STRING)*)?                     # drugDecl
  | SOURCE IDENT STRING                                           # sourceDecl
  | NOTICE STRING+                                                # noticeDecl
  | IMPORT STRING                                                 # importDecl
  | POLICY? CONST IDENT ASSIGN expr                               # constDecl
  | LET IDENT ASSIGN expr                                         # letDecl
  | LIST IDENT ASSIGN LBRACKET (STRING (COMMA STRING)* COMMA?)? RBRACKET  # listDecl
  | SALTS STRING (COMMA STRING)*                                  # saltsDecl
  | FORMS STRING (COMMA STRING)*                                  # formsDecl
  | TABLE IDENT LPAREN IDENT (COMMA IDENT)* RPAREN ARROW unit
      LBRACE ROW_END? tableRow* RBRACE                            # tableDecl
  | RULE IDENT STRING LBRACE rulePart* RBRACE                     # ruleDecl
  | CATEGORY IDENT STRING?                                        # categoryDecl
  | FIELD fieldPath STRING? COLON fieldType fieldClause*          # fieldDecl
  | EXTEND fieldPath COLON STRING (COMMA STRING)*                 # extendDecl
  | DERIVE fieldPath STRING ASSIGN expr                           # deriveDecl
  | RECENT fieldPath WITHIN expr OF expr                          # recentDecl
  ;

// A request path as declared: record lists are marked with [],
// "history.toxicities[].grade".
fieldPath: name listMark? (DOT name listMark?)*;
listMark: LBRACKET RBRACKET;

// bool, integer, number, text, code, codes, drug, time; quantity and lab
// take a unit ("quantity mg", "lab 10*9/L"); choice takes its codes; a
// group may be "like" another, with the same members ("like labs").
fieldType
  : LIKE fieldPath                                                # likeType
  | name unit?                                                    # simpleType
  | name STRING (COMMA STRING)*                                   # choiceType
  ;

// plausible LOW .. HIGH (a lab's uln and lln too), convert, after.
fieldClause
  : IDENT bounds                                                  # boundsClause
  | IDENT conversion (COMMA conversion)*                          # convertClause
  | IDENT fieldPath                                               # afterClause
  ;

// "0 a .. 130 a", "> 0 mg .. 500 kg", "> 0 mg", ".. 100".
bounds: (GT? literal)? RANGE literal? | GT literal;
conversion: NUMBER unit ASSIGN NUMBER unit;

// One row per line: a row ends at the end of its line (ROW_END), unless the
// line ends with a comma, an arrow, an operator or an open bracket.
tableRow: pattern (COMMA pattern)* ARROW expr ROW_END?;

pattern
  : IDENT                                                         # anyPattern
  | literal RANGE literal                                         # rangePattern
  | op=(LT | LE | GT | GE) literal                                # boundPattern
  | literal (BAR literal)*                                        # valuePattern
  ;

literal: MINUS? NUMBER unit? | STRING | TRUE | FALSE;

rulePart
  : CATEGORY IDENT                                                # categoryPart
  | SEVERITY IDENT                                                # severityPart
  | WHEN expr                                                     # whenPart
  | LET IDENT ASSIGN expr                                         # letPart
  | MESSAGE STRING+                                               # messagePart
  | MISSING MESSAGE STRING+                                       # missingMessagePart
  | CITE IDENT STRING?                                            # citePart
  ;

// Alternatives are listed from the tightest binding to the loosest.
expr
  : primary                                                       # primaryExpr
  | MINUS expr                                                    # negateExpr
  | expr op=(STAR | SLASH) expr                                   # multiplyExpr
  | expr op=(PLUS | MINUS) expr                                   # addExpr
  | expr OTHERWISE expr                                           # otherwiseExpr
  | expr op=(LT | LE | GT | GE | EQ | NE) expr                    # compareExpr
  | expr IS NOT? (PRESENT | MISSING)                              # presenceExpr
  | expr NOT? IN expr                                             # inExpr
  | expr NOT? WITHIN expr OF expr                                 # withinExpr
  | NOT expr                                                      # notExpr
  | expr AND expr                                                 # andExpr
  | expr OR expr                                                  # orExpr
  | IF expr THEN expr ELSE expr                                   # conditionalExpr
  ;

primary
  : NUMBER TIMES_LIMIT                                            # limitMultiple
  | NUMBER unit?                                                  # quantity
  | STRING                                                        # text
  | (TRUE | FALSE)                                                # boolean
  | IDENT LPAREN IDENT IN lists+=path (COMMA lists+=path)* (WHERE condition=expr)? (SELECT selected=expr)? RPAREN  # aggregate
  | IDENT LPAREN (expr (COMMA expr)*)? RPAREN                     # call
  | path                                                          # pathRef
  | LBRACKET (expr (COMMA expr)* COMMA?)? RBRACKET                # listLiteral
  | LPAREN expr RPAREN                                            # parens
  ;

path: IDENT (DOT name)*;
// After a dot any word is a name: a request field may be called like a keyword.
name
  : IDENT | DRUG | PACK | VERSION | SOURCE | NOTICE | IMPORT | POLICY | CONST | LET | LIST | SALTS
  | FORMS | TABLE | RULE | FIELD | EXTEND | DERIVE | RECENT | LIKE | CATEGORY | SEVERITY | WHEN | MESSAGE | CITE
  | AND | OR | NOT | IN | IS | PRESENT | MISSING | WITHIN | OF | WHERE | SELECT | OTHERWISE | AS
  | TRUE | FALSE | IF | THEN | ELSE
  ;
unit: IDENT | UNIT | PERCENT;

// A message placeholder: {expr} or {expr as unit}.
placeholder: expr (AS unit)? EOF;
