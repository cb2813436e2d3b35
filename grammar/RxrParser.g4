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
      LBRACE tableRow* RBRACE                                     # tableDecl
  | RULE IDENT STRING LBRACE rulePart* RBRACE                     # ruleDecl
  ;

tableRow: pattern (COMMA pattern)* ARROW expr;

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
name: IDENT | DRUG;
unit: IDENT | UNIT | PERCENT;

// A message placeholder: {expr} or {expr as unit}.
placeholder: expr (AS unit)? EOF;
