#ifndef HYPERLAB_CREADLINE_SHIM_H
#define HYPERLAB_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Swift 6 sees readline's global variables as shared mutable state. These small
   accessors let the one Swift file that drives readline touch them through
   functions instead. All of them must be called on the thread that runs readline. */

/* The application name tested by `$if name` in ~/.inputrc; `name` must live forever. */
static inline void hyperlab_rl_set_readline_name(const char *name) { rl_readline_name = name; }

/* Our own signal handlers stay in charge; readline installs none. */
static inline void hyperlab_rl_set_catch_signals(int catch_signals) {
    rl_catch_signals = catch_signals;
    rl_catch_sigwinch = catch_signals;
}

static inline void hyperlab_rl_set_attempted_completion_function(rl_completion_func_t *function) {
    rl_attempted_completion_function = function;
}

/* 1: readline must not fall back to file-name completion after our function ran. */
static inline void hyperlab_rl_set_attempted_completion_over(int over) { rl_attempted_completion_over = over; }

/* Characters that separate the words being completed; `characters` must live forever. */
static inline void hyperlab_rl_set_word_break_characters(const char *characters) {
    rl_basic_word_break_characters = characters;
    rl_completer_word_break_characters = characters;
}

/* The line being edited and the cursor, as a UTF-8 byte offset into it. */
static inline const char *hyperlab_rl_line_buffer(void) { return rl_line_buffer; }
static inline int hyperlab_rl_point(void) { return rl_point; }

/* Moves the cursor to the end of the line and redraws, so that text printed next
   (e.g. "^C") lands after what was typed. */
static inline void hyperlab_rl_move_to_end(void) {
    rl_point = rl_end;
    rl_redisplay();
}

/* Writes `text` where readline writes (standard output unless changed) and flushes it. */
static inline void hyperlab_rl_write(const char *text) {
    FILE *out = rl_outstream ? rl_outstream : stdout;
    fputs(text, out);
    fflush(out);
}

/* The function readline calls to read each byte (the line editor's, which bounds input). */
static inline void hyperlab_rl_set_getc_function(rl_getc_func_t *function) { rl_getc_function = function; }

/* Flushes stdio's standard output; non-zero when that or an earlier buffered write failed. */
static inline int hyperlab_flush_standard_output(void) { return fflush(stdout) != 0 || ferror(stdout) != 0; }

/* The function readline calls to redraw the line (the line editor's, which skips redraws of a
   long line while more input is waiting). */
static inline void hyperlab_rl_set_redisplay_function(rl_voidfunc_t *function) { rl_redisplay_function = function; }

/* Non-zero once the line being edited was accepted. */
static inline int hyperlab_rl_done(void) { return rl_done; }

/* The length of the line being edited, in bytes. */
static inline int hyperlab_rl_end(void) { return rl_end; }

#endif
