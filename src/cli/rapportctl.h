/* rapportctl.h
 *
 * Private to rapportctl: the state every subcommand shares and the helpers
 * they have in common (option parsing, customer references, dates, money,
 * tables, JSON and error output).
 *
 * Exit status: 0 success, 1 failure (bad data, unknown record, I/O),
 * 2 usage error (unknown command or option, missing option or argument).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rapport-store.h"

G_BEGIN_DECLS

typedef enum
{
  RAPPORTCTL_EXIT_OK      = 0,
  RAPPORTCTL_EXIT_FAILURE = 1,
  RAPPORTCTL_EXIT_USAGE   = 2,
} RapportctlExit;

typedef struct
{
  char         *db_path;      /* NULL: the default database */
  RapportStore *store;        /* opened on first use */
  GTimeZone    *local_zone;   /* the user's zone */
} Rapportctl;

/* @argv[0] is the command's own name ("add" in "customer add"). */
typedef int (*RapportctlCommandFunc) (Rapportctl  *ctl,
                                      int          argc,
                                      char       **argv);

typedef struct
{
  const char            *name;
  RapportctlCommandFunc  func;
  const char            *summary;   /* N_() marked */
} RapportctlCommand;

/* Command groups and single commands, one file each. */
int           rapportctl_customer         (Rapportctl *ctl, int argc, char **argv);
int           rapportctl_log              (Rapportctl *ctl, int argc, char **argv);
int           rapportctl_history          (Rapportctl *ctl, int argc, char **argv);
int           rapportctl_follow_up        (Rapportctl *ctl, int argc, char **argv);
int           rapportctl_contract         (Rapportctl *ctl, int argc, char **argv);
int           rapportctl_notices          (Rapportctl *ctl, int argc, char **argv);
int           rapportctl_demo             (Rapportctl *ctl, int argc, char **argv);
int           rapportctl_import           (Rapportctl *ctl, int argc, char **argv);
int           rapportctl_export           (Rapportctl *ctl, int argc, char **argv);
int           rapportctl_account          (Rapportctl *ctl, int argc, char **argv);
/* The records an account's sync could not read (RapportAccountSetAside),
 * each with its reason, as a JSON array (rapportctl-account.c). */
JsonNode     *rapportctl_set_aside_json   (GPtrArray   *items);
int           rapportctl_sync             (Rapportctl *ctl, int argc, char **argv);

/* Runs the subcommand named by @argv[1] from @commands (NULL-terminated);
 * @argv[0] is the group ("customer"). */
int           rapportctl_dispatch         (Rapportctl              *ctl,
                                           const char              *group,
                                           const RapportctlCommand *commands,
                                           int                      argc,
                                           char                   **argv);

/* Parses the options of @command ("customer add") with its own --help.
 * Returns TRUE to go on, with @argc/@argv reduced to the command name and
 * its positional arguments; FALSE when the command is over (help printed,
 * or a usage error reported) with the exit status in @status. */
gboolean      rapportctl_parse_options    (const char              *command,
                                           const char              *parameters,
                                           const char              *summary,
                                           const GOptionEntry      *entries,
                                           int                     *argc,
                                           char                  ***argv,
                                           int                     *status);

/* Formats and prints a line for stderr made safe: invalid bytes and
 * control characters as \xNN, long quoted values shortened
 * (rapport_text_sanitize_message()). Every error goes out this way. */
void          rapportctl_print_error      (const char              *format,
                                           ...) G_GNUC_PRINTF (1, 2);
/* Reports a usage error ("rapportctl: COMMAND: MESSAGE" and a hint to
 * --help) on stderr; returns RAPPORTCTL_EXIT_USAGE. */
int           rapportctl_usage_error      (const char              *command,
                                           const char              *format,
                                           ...) G_GNUC_PRINTF (2, 3);
/* "rapportctl: MESSAGE" on stderr; returns RAPPORTCTL_EXIT_FAILURE. */
int           rapportctl_fail             (const GError            *error);
/* The same with the record the error is about in front of the message,
 * unless the message names it already: "customer “Amara Okafor”: ...". */
int           rapportctl_fail_record      (const char              *record_kind,
                                           const char              *record_name,
                                           const GError            *error);

RapportStore *rapportctl_get_store        (Rapportctl              *ctl,
                                           GError                 **error);
/* An id, a UID, an email address or an exact name. */
RapportCustomer *rapportctl_find_customer (Rapportctl              *ctl,
                                           const char              *ref,
                                           GError                 **error);
/* A positive record id; the error names @field. */
gboolean      rapportctl_parse_id         (const char              *text,
                                           const char              *field,
                                           gint64                  *id,
                                           GError                 **error);
gboolean      rapportctl_parse_int        (const char              *text,
                                           const char              *field,
                                           int                      min,
                                           int                      max,
                                           int                     *value,
                                           GError                 **error);
/* The zone named by @identifier (validated), else the user's zone. */
GTimeZone    *rapportctl_zone_for         (Rapportctl              *ctl,
                                           const char              *identifier,
                                           const char              *field,
                                           GError                 **error);
/* @text (a date, a date and time, or ISO 8601) as Unix seconds; a wall
 * time is in @time_zone when given, else in the user's zone. */
gboolean      rapportctl_parse_instant    (Rapportctl              *ctl,
                                           const char              *text,
                                           const char              *time_zone,
                                           const char              *field,
                                           gint64                  *instant,
                                           GError                 **error);
/* The identifier of the user's zone when it is a valid IANA name, else NULL. */
const char   *rapportctl_local_zone_name  (Rapportctl              *ctl);
/* Today's date in the user's zone, "YYYY-MM-DD". */
char         *rapportctl_dup_today        (Rapportctl              *ctl);

/* "2026-12-01 10:00" in the user's zone; "" for 0. */
char         *rapportctl_format_instant   (Rapportctl              *ctl,
                                           gint64                   instant);
/* As above, followed by the wall time in @time_zone when that zone is not
 * the user's: "2026-12-01 10:00 (Africa/Lagos 10:00)". */
char         *rapportctl_format_zoned     (Rapportctl              *ctl,
                                           gint64                   instant,
                                           const char              *time_zone);
/* "1200.00 EUR". */
char         *rapportctl_format_money     (gint64                   value,
                                           const char              *currency);
/* Type keys as names ("Returning, International"). */
char         *rapportctl_format_types     (Rapportctl              *ctl,
                                           GPtrArray               *keys);

/* Pretty JSON and a newline on stdout. */
void          rapportctl_print_json       (JsonNode                *node);
JsonNode     *rapportctl_json_array_new   (GPtrArray               *records,
                                           JsonNode               *(*to_json) (gconstpointer record));

/* Plain-text tables with aligned columns. */
typedef struct _RapportctlTable RapportctlTable;

RapportctlTable *rapportctl_table_new     (guint                    n_columns);
/* Exactly n_columns strings, NULL printing as empty. */
void          rapportctl_table_add        (RapportctlTable         *table,
                                           ...);
void          rapportctl_table_print      (RapportctlTable         *table,
                                           const char              *indent);
void          rapportctl_table_free       (RapportctlTable         *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportctlTable, rapportctl_table_free)

G_END_DECLS
