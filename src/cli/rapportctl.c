/* rapportctl.c
 *
 * rapportctl: the Rapport core from a terminal, for scripts, cron jobs,
 * tests and benchmarks. This file holds main(), the global options
 * (--db, --version, --help), the dispatch to the command groups and the
 * helpers they share.
 */

#define G_LOG_DOMAIN "rapportctl"

#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rapport-error.h"
#include "rapport-text.h"
#include "rapport-time.h"
#include "rapport-validate.h"
#include "rapportctl.h"

struct _RapportctlTable
{
  guint      n_columns;
  GPtrArray *rows;   /* GStrv */
};

static const RapportctlCommand commands[] = {
  { "customer", rapportctl_customer, N_("Add, show, list, search, edit and delete customers") },
  { "log", rapportctl_log, N_("Record an interaction in a customer’s contact history") },
  { "history", rapportctl_history, N_("Show a customer’s contact history") },
  { "follow-up", rapportctl_follow_up, N_("Schedule, list, complete and snooze follow-ups") },
  { "contract", rapportctl_contract, N_("Record contracts and list renewals that are due") },
  { "notices", rapportctl_notices, N_("Prepare, print and track renewal notices in each customer’s language") },
  { "demo", rapportctl_demo, N_("Fill an empty database with demo customers and records") },
  { "import", rapportctl_import, N_("Import customers from a CSV file") },
  { "export", rapportctl_export, N_("Export every customer as CSV or vCard, or a full JSON backup") },
  { "account", rapportctl_account, N_("Add, list and remove CardDAV/CalDAV sync accounts") },
  { "sync", rapportctl_sync, N_("Sync customers, follow-ups, renewal notices and history with the accounts’ servers") },
  { NULL }
};

static void
append_commands (GString                 *out,
                 const RapportctlCommand *list)
{
  guint width = 0;

  for (guint i = 0; list[i].name != NULL; i++)
    width = MAX (width, strlen (list[i].name));

  for (guint i = 0; list[i].name != NULL; i++)
    g_string_append_printf (out, "  %-*s  %s\n", (int) width, list[i].name,
                            _(list[i].summary));
}

static void
print_global_help (gboolean to_stderr)
{
  g_autofree char *default_path = rapport_store_dup_default_path ();
  g_autoptr(GString) out = g_string_new (NULL);

  g_string_append_printf (out,
                          _("Usage:\n"
                            "  rapportctl [--db FILE] COMMAND [ARGUMENTS…]\n"
                            "\n"
                            "Rapport, the customer-service CRM, from the command line.\n"
                            "\n"
                            "Options:\n"
                            "  --db FILE     The database (default: %s)\n"
                            "  --version     Print the version and exit\n"
                            "  -h, --help    Show this help\n"
                            "\n"
                            "Commands:\n"),
                          default_path);
  append_commands (out, commands);
  g_string_append (out,
                   _("\n"
                     "Run “rapportctl COMMAND --help” for the options of a command.\n"
                     "Exit status: 0 success, 1 failure, 2 usage error.\n"));

  if (to_stderr)
    g_printerr ("%s", out->str);
  else
    g_print ("%s", out->str);
}

static const RapportctlCommand *
lookup_command (const RapportctlCommand *list,
                const char              *name)
{
  for (guint i = 0; list[i].name != NULL; i++)
    if (g_str_equal (list[i].name, name))
      return &list[i];

  return NULL;
}

static gboolean
is_help (const char *arg)
{
  return g_str_equal (arg, "--help") || g_str_equal (arg, "-h") || g_str_equal (arg, "help");
}

int
rapportctl_dispatch (Rapportctl               *ctl,
                     const char               *group,
                     const RapportctlCommand  *list,
                     int                       argc,
                     char                    **argv)
{
  const RapportctlCommand *command;

  if (argc < 2 || is_help (argv[1]))
    {
      g_autoptr(GString) out = g_string_new (NULL);

      g_string_append_printf (out,
                              _("Usage:\n  rapportctl [--db FILE] %s COMMAND [OPTION…]\n\nCommands:\n"),
                              group);
      append_commands (out, list);
      g_string_append_printf (out,
                              _("\nRun “rapportctl %s COMMAND --help” for the options of a command.\n"),
                              group);

      if (argc >= 2)
        {
          g_print ("%s", out->str);
          return RAPPORTCTL_EXIT_OK;
        }

      g_printerr ("%s", out->str);
      g_printerr (_("rapportctl: %s: missing command\n"), group);
      return RAPPORTCTL_EXIT_USAGE;
    }

  command = lookup_command (list, argv[1]);
  if (command == NULL)
    return rapportctl_usage_error (group, _("unknown command “%s”"), argv[1]);

  return command->func (ctl, argc - 1, argv + 1);
}

gboolean
rapportctl_parse_options (const char          *command,
                          const char          *parameters,
                          const char          *summary,
                          const GOptionEntry  *entries,
                          int                 *argc,
                          char              ***argv,
                          int                 *status)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean help = FALSE;
  const GOptionEntry help_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL },
    { NULL }
  };

  context = g_option_context_new (parameters);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, FALSE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, help_entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = rapportctl_usage_error (command, "%s", error->message);
      return FALSE;
    }

  if (help)
    {
      g_autofree char *text = g_option_context_get_help (context, TRUE, NULL);
      const char *rest = strstr (text, "\n\n");

      /* GOptionContext's usage line reads "rapportctl [OPTION…] PARAMETERS";
       * the command's options come after the command, so write our own. */
      g_print (_("Usage:\n  rapportctl [--db FILE] %s [OPTION…]%s%s\n"),
               command,
               parameters != NULL ? " " : "",
               parameters != NULL ? parameters : "");
      g_print ("\n%s", rest != NULL ? rest + 2 : "");
      *status = RAPPORTCTL_EXIT_OK;
      return FALSE;
    }

  return TRUE;
}

void
rapportctl_print_error (const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  g_autofree char *safe = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  safe = rapport_text_sanitize_message (message);
  g_printerr ("%s", safe);
}

int
rapportctl_usage_error (const char *command,
                        const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  rapportctl_print_error ("rapportctl: %s: %s\n", command, message);
  rapportctl_print_error (_("Try “rapportctl %s --help” for more information.\n"), command);

  return RAPPORTCTL_EXIT_USAGE;
}

int
rapportctl_fail (const GError *error)
{
  rapportctl_print_error ("rapportctl: %s\n", error->message);
  return RAPPORTCTL_EXIT_FAILURE;
}

int
rapportctl_fail_record (const char   *record_kind,
                        const char   *record_name,
                        const GError *error)
{
  g_autofree char *quoted = NULL;

  if (record_name == NULL || *record_name == '\0')
    return rapportctl_fail (error);

  quoted = g_strdup_printf ("“%s”", record_name);
  if (strstr (error->message, quoted) != NULL)
    return rapportctl_fail (error);

  /* Translators: the first %s is a kind of record ("customer"), the second
   * its name, the third the error message */
  rapportctl_print_error (_("rapportctl: %s %s: %s\n"), record_kind, quoted, error->message);
  return RAPPORTCTL_EXIT_FAILURE;
}

RapportStore *
rapportctl_get_store (Rapportctl  *ctl,
                      GError     **error)
{
  if (ctl->store == NULL)
    ctl->store = rapport_store_open (ctl->db_path, error);

  return ctl->store;
}

RapportCustomer *
rapportctl_find_customer (Rapportctl  *ctl,
                          const char  *ref,
                          GError     **error)
{
  RapportStore *store = rapportctl_get_store (ctl, error);

  if (store == NULL)
    return NULL;

  return rapport_store_find_customer (store, ref, error);
}

gboolean
rapportctl_parse_id (const char  *text,
                     const char  *field,
                     gint64      *id,
                     GError     **error)
{
  guint64 value = 0;

  if (text == NULL ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      g_autofree char *shown = rapport_text_for_message (text != NULL ? text : "", -1);

      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: %s is a field name, then the value given */
                   _("%s: “%s” is not a record id (a positive whole number)"),
                   field, shown);
      return FALSE;
    }

  *id = (gint64) value;
  return TRUE;
}

gboolean
rapportctl_parse_int (const char  *text,
                      const char  *field,
                      int          min,
                      int          max,
                      int         *value,
                      GError     **error)
{
  gint64 parsed = 0;

  if (text == NULL ||
      !g_ascii_string_to_signed (text, 10, min, max, &parsed, NULL))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("%s: “%s” is not a whole number from %d to %d"),
                   field, text != NULL ? text : "", min, max);
      return FALSE;
    }

  *value = (int) parsed;
  return TRUE;
}

GTimeZone *
rapportctl_zone_for (Rapportctl  *ctl,
                     const char  *identifier,
                     const char  *field,
                     GError     **error)
{
  if (identifier == NULL || *identifier == '\0')
    return g_time_zone_ref (ctl->local_zone);

  if (!rapport_validate_time_zone (identifier, field, error))
    return NULL;

  return rapport_time_zone_new (identifier);
}

gboolean
rapportctl_parse_instant (Rapportctl  *ctl,
                          const char  *text,
                          const char  *time_zone,
                          const char  *field,
                          gint64      *instant,
                          GError     **error)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) dt = NULL;

  tz = rapportctl_zone_for (ctl, time_zone, _("time zone"), error);
  if (tz == NULL)
    return FALSE;

  dt = rapport_parse_date_time (text, tz, field, error);
  if (dt == NULL)
    return FALSE;

  *instant = g_date_time_to_unix (dt);
  return TRUE;
}

const char *
rapportctl_local_zone_name (Rapportctl *ctl)
{
  const char *name = g_time_zone_get_identifier (ctl->local_zone);

  if (name == NULL || !rapport_validate_time_zone (name, "time_zone", NULL))
    return NULL;

  return name;
}

/* "0999-05-01" or "0999-05-01 10:00": four digits of year always
 * (GLib's %Y writes the year 999 as "999"). */
static char *
format_wall (GDateTime *dt,
             gboolean   with_time)
{
  if (with_time)
    return g_strdup_printf ("%04d-%02d-%02d %02d:%02d", g_date_time_get_year (dt),
                            g_date_time_get_month (dt), g_date_time_get_day_of_month (dt),
                            g_date_time_get_hour (dt), g_date_time_get_minute (dt));

  return g_strdup_printf ("%04d-%02d-%02d", g_date_time_get_year (dt),
                          g_date_time_get_month (dt), g_date_time_get_day_of_month (dt));
}

char *
rapportctl_dup_today (Rapportctl *ctl)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (ctl->local_zone);

  return format_wall (now, FALSE);
}

char *
rapportctl_format_instant (Rapportctl *ctl,
                           gint64      instant)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (instant == 0)
    return g_strdup ("");

  utc = g_date_time_new_from_unix_utc (instant);
  if (utc == NULL)
    return g_strdup ("");

  local = g_date_time_to_timezone (utc, ctl->local_zone);
  return format_wall (local, TRUE);
}

char *
rapportctl_format_zoned (Rapportctl *ctl,
                         gint64      instant,
                         const char *time_zone)
{
  g_autofree char *local_text = NULL;
  g_autofree char *zone_date = NULL;
  g_autofree char *local_date = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) there = NULL;
  const char *local_name;

  local_text = rapportctl_format_instant (ctl, instant);
  local_name = g_time_zone_get_identifier (ctl->local_zone);

  if (instant == 0 || time_zone == NULL || *time_zone == '\0' ||
      g_strcmp0 (time_zone, local_name) == 0 ||
      !rapport_validate_time_zone (time_zone, "time_zone", NULL))
    return g_steal_pointer (&local_text);

  tz = rapport_time_zone_new (time_zone);
  utc = g_date_time_new_from_unix_utc (instant);
  local = g_date_time_to_timezone (utc, ctl->local_zone);
  there = g_date_time_to_timezone (utc, tz);
  zone_date = format_wall (there, FALSE);
  local_date = format_wall (local, FALSE);

  if (g_str_equal (zone_date, local_date))
    {
      g_autofree char *clock = g_date_time_format (there, "%H:%M");

      return g_strdup_printf ("%s (%s %s)", local_text, time_zone, clock);
    }
  else
    {
      g_autofree char *full = format_wall (there, TRUE);

      return g_strdup_printf ("%s (%s %s)", local_text, time_zone, full);
    }
}

char *
rapportctl_format_money (gint64      value,
                         const char *currency)
{
  g_autofree char *amount = NULL;

  if (currency == NULL || *currency == '\0')
    return value != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, value) : g_strdup ("");

  amount = rapport_format_money_plain (value, currency);
  return g_strdup_printf ("%s %s", amount, currency);
}

char *
rapportctl_format_types (Rapportctl *ctl,
                         GPtrArray  *keys)
{
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  if (keys == NULL || keys->len == 0)
    return g_strdup ("");

  if (ctl->store != NULL)
    types = rapport_store_list_customer_types (ctl->store, NULL);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const char *name = key;

      for (guint j = 0; types != NULL && j < types->len; j++)
        {
          const RapportCustomerType *type = g_ptr_array_index (types, j);

          if (g_strcmp0 (type->key, key) == 0 && type->name != NULL)
            {
              /* Built-in names are stored untranslated. */
              name = type->builtin ? _(type->name) : type->name;
              break;
            }
        }

      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, name);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
rapportctl_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);

  /* JSON is UTF-8 whatever the locale: write the bytes as they are. */
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

JsonNode *
rapportctl_json_array_new (GPtrArray *records,
                           JsonNode  *(*to_json) (gconstpointer record))
{
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node;

  for (guint i = 0; records != NULL && i < records->len; i++)
    json_array_add_element (array, to_json (g_ptr_array_index (records, i)));

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  return node;
}

RapportctlTable *
rapportctl_table_new (guint n_columns)
{
  RapportctlTable *table = g_new0 (RapportctlTable, 1);

  table->n_columns = n_columns;
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  return table;
}

void
rapportctl_table_add (RapportctlTable *table,
                      ...)
{
  char **row = g_new0 (char *, table->n_columns + 1);
  va_list args;

  va_start (args, table);
  for (guint i = 0; i < table->n_columns; i++)
    {
      const char *cell = va_arg (args, const char *);
      g_autofree char *flat = g_strdup (cell != NULL ? cell : "");

      /* One record, one line. */
      g_strdelimit (flat, "\r\n\t", ' ');
      row[i] = g_steal_pointer (&flat);
    }
  va_end (args);

  g_ptr_array_add (table->rows, row);
}

void
rapportctl_table_print (RapportctlTable *table,
                        const char      *indent)
{
  g_autofree glong *widths = g_new0 (glong, table->n_columns);

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], g_utf8_strlen (row[c], -1));
    }

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);
      g_autoptr(GString) line = g_string_new (indent);
      guint last = table->n_columns;

      /* Trailing empty cells make no padding. */
      while (last > 0 && *row[last - 1] == '\0')
        last--;

      for (guint c = 0; c < last; c++)
        {
          g_string_append (line, row[c]);
          if (c + 1 < last)
            {
              for (glong pad = g_utf8_strlen (row[c], -1); pad < widths[c] + 2; pad++)
                g_string_append_c (line, ' ');
            }
        }

      g_print ("%s\n", line->str);
    }
}

void
rapportctl_table_free (RapportctlTable *table)
{
  if (table == NULL)
    return;

  g_ptr_array_unref (table->rows);
  g_free (table);
}

static int
run (Rapportctl  *ctl,
     int          argc,
     char       **argv)
{
  const RapportctlCommand *command;
  int i = 1;

  while (i < argc && argv[i][0] == '-')
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--db"))
        {
          if (i + 1 >= argc)
            return rapportctl_usage_error ("--db", _("missing file name"));
          g_free (ctl->db_path);
          ctl->db_path = g_strdup (argv[i + 1]);
          i += 2;
        }
      else if (g_str_has_prefix (arg, "--db="))
        {
          g_free (ctl->db_path);
          ctl->db_path = g_strdup (arg + strlen ("--db="));
          i++;
        }
      else if (g_str_equal (arg, "--version"))
        {
          g_print ("rapportctl %s\n", PACKAGE_VERSION);
          return RAPPORTCTL_EXIT_OK;
        }
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_global_help (FALSE);
          return RAPPORTCTL_EXIT_OK;
        }
      else
        {
          rapportctl_print_error (_("rapportctl: unknown option “%s”\n"), arg);
          g_printerr (_("Try “rapportctl --help” for more information.\n"));
          return RAPPORTCTL_EXIT_USAGE;
        }
    }

  if (ctl->db_path != NULL && *ctl->db_path == '\0')
    return rapportctl_usage_error ("--db", _("the file name is empty"));

  if (i >= argc)
    {
      print_global_help (TRUE);
      g_printerr (_("rapportctl: missing command\n"));
      return RAPPORTCTL_EXIT_USAGE;
    }

  if (g_str_equal (argv[i], "help"))
    {
      if (i + 1 < argc && lookup_command (commands, argv[i + 1]) != NULL)
        {
          char *help_argv[] = { argv[i + 1], (char *) "--help", NULL };

          command = lookup_command (commands, argv[i + 1]);
          return command->func (ctl, 2, help_argv);
        }

      print_global_help (FALSE);
      return RAPPORTCTL_EXIT_OK;
    }

  command = lookup_command (commands, argv[i]);
  if (command == NULL)
    {
      rapportctl_print_error (_("rapportctl: unknown command “%s”\n"), argv[i]);
      g_printerr (_("Try “rapportctl --help” for more information.\n"));
      return RAPPORTCTL_EXIT_USAGE;
    }

  return command->func (ctl, argc - i, argv + i);
}

int
main (int    argc,
      char **argv)
{
  Rapportctl ctl = { 0 };
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("rapportctl");
  ctl.local_zone = rapport_time_zone_new (NULL);

  status = run (&ctl, argc, argv);

  g_clear_object (&ctl.store);
  g_clear_pointer (&ctl.local_zone, g_time_zone_unref);
  g_clear_pointer (&ctl.db_path, g_free);

  return status;
}
