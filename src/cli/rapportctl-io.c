/* rapportctl-io.c
 *
 * rapportctl import csv|vcf FILE [--skip-invalid]
 * rapportctl export csv|vcf|json [--output FILE]
 *
 * Exports go to standard output, or with --output to a temporary file in
 * the same folder (mode 0600: customer data is confidential) that is
 * renamed over FILE once complete, so FILE is never half-written.
 */

#define G_LOG_DOMAIN "rapportctl"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rapport-error.h"
#include "rapport-export.h"
#include "rapport-import-presets.h"
#include "rapport-vcard-customer.h"
#include "rapport-vcard-import.h"
#include "rapportctl.h"

/* Vcards are written out whenever this much is buffered. */
#define FLUSH_SIZE (64 * 1024)

/* A file descriptor as a GOutputStream, left open when the stream is
 * closed. (GUnixOutputStream would do, but its header lives in
 * gio-unix-2.0, which nothing else here needs.) */
#define RAPPORTCTL_TYPE_FD_STREAM (rapportctl_fd_stream_get_type ())

G_DECLARE_FINAL_TYPE (RapportctlFdStream, rapportctl_fd_stream, RAPPORTCTL, FD_STREAM, GOutputStream)

struct _RapportctlFdStream
{
  GOutputStream parent_instance;
  int           fd;
};

G_DEFINE_FINAL_TYPE (RapportctlFdStream, rapportctl_fd_stream, G_TYPE_OUTPUT_STREAM)

static gssize
rapportctl_fd_stream_write_fn (GOutputStream  *stream,
                               const void     *buffer,
                               gsize           count,
                               GCancellable   *cancellable,
                               GError        **error)
{
  RapportctlFdStream *self = RAPPORTCTL_FD_STREAM (stream);
  gssize written;

  do
    written = write (self->fd, buffer, count);
  while (written < 0 && errno == EINTR);

  if (written < 0)
    {
      int saved_errno = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
    }

  return written;
}

static void
rapportctl_fd_stream_class_init (RapportctlFdStreamClass *klass)
{
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  stream_class->write_fn = rapportctl_fd_stream_write_fn;
}

static void
rapportctl_fd_stream_init (RapportctlFdStream *self)
{
  self->fd = -1;
}

static GOutputStream *
rapportctl_fd_stream_new (int fd)
{
  RapportctlFdStream *self = g_object_new (RAPPORTCTL_TYPE_FD_STREAM, NULL);

  self->fd = fd;
  return G_OUTPUT_STREAM (self);
}

/* Standard input as a GInputStream, for the same reason. */
#define RAPPORTCTL_TYPE_FD_INPUT (rapportctl_fd_input_get_type ())

G_DECLARE_FINAL_TYPE (RapportctlFdInput, rapportctl_fd_input, RAPPORTCTL, FD_INPUT, GInputStream)

struct _RapportctlFdInput
{
  GInputStream parent_instance;
  int          fd;
};

G_DEFINE_FINAL_TYPE (RapportctlFdInput, rapportctl_fd_input, G_TYPE_INPUT_STREAM)

static gssize
rapportctl_fd_input_read_fn (GInputStream  *stream,
                             void          *buffer,
                             gsize          count,
                             GCancellable  *cancellable,
                             GError       **error)
{
  RapportctlFdInput *self = RAPPORTCTL_FD_INPUT (stream);
  gssize n;

  do
    n = read (self->fd, buffer, count);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("standard input: %s"), g_strerror (saved_errno));
    }

  return n;
}

static void
rapportctl_fd_input_class_init (RapportctlFdInputClass *klass)
{
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  stream_class->read_fn = rapportctl_fd_input_read_fn;
}

static void
rapportctl_fd_input_init (RapportctlFdInput *self)
{
  self->fd = -1;
}

static GInputStream *
rapportctl_fd_input_new (int fd)
{
  RapportctlFdInput *self = g_object_new (RAPPORTCTL_TYPE_FD_INPUT, NULL);

  self->fd = fd;
  return G_INPUT_STREAM (self);
}

/* Import ---------------------------------------------------------------- */

static void
add_column_counts (JsonBuilder *builder,
                   const char  *member,
                   GPtrArray   *counts)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; counts != NULL && i < counts->len; i++)
    {
      const RapportImportColumnCount *count = g_ptr_array_index (counts, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, count->column);
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, count->rows);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_import_json (RapportImportReport *report,
                   gboolean             ok)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, ok);
  json_builder_set_member_name (builder, "imported");
  json_builder_add_int_value (builder, report != NULL ? report->imported : 0);
  json_builder_set_member_name (builder, "skipped");
  json_builder_add_int_value (builder, report != NULL ? report->skipped : 0);
  json_builder_set_member_name (builder, "created");
  json_builder_add_int_value (builder, report != NULL ? report->created : 0);
  json_builder_set_member_name (builder, "updated");
  json_builder_add_int_value (builder, report != NULL ? report->updated : 0);
  json_builder_set_member_name (builder, "unchanged");
  json_builder_add_int_value (builder, report != NULL ? report->unchanged : 0);
  json_builder_set_member_name (builder, "preset");
  if (report != NULL && report->preset != NULL)
    json_builder_add_string_value (builder, report->preset);
  else
    json_builder_add_null_value (builder);
  add_column_counts (builder, "not_imported", report != NULL ? report->unmapped : NULL);
  add_column_counts (builder, "kept_as_is", report != NULL ? report->kept : NULL);
  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; report != NULL && i < report->problems->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (report->problems, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  rapportctl_print_json (node);
}

int
rapportctl_import (Rapportctl  *ctl,
                   int          argc,
                   char       **argv)
{
  g_autoptr(RapportImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *encoding = NULL;
  g_auto(GStrv) map = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *description = NULL;
  RapportImportOptions options = { 0 };
  const char *path;
  RapportStore *store;
  gboolean skip_invalid = FALSE;
  gboolean json = FALSE;
  gboolean ok;
  int status;
  const GOptionEntry entries[] = {
    { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid, N_("Import the valid lines and report the others (default: all or nothing)"), NULL },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, N_("The file’s encoding when it is not UTF-8 or UTF-16 (WINDOWS-1252, SHIFT_JIS, ...)"), N_("NAME") },
    { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &map, N_("Import the column COLUMN as FIELD (repeatable; FIELD “ignore” leaves it out)"), N_("COLUMN=FIELD") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the report as JSON"), NULL },
    { NULL }
  };

  fields = g_strjoinv (", ", (char **) rapport_import_field_names ());
  /* Translators: the last %s is a list of field names, keep them as they are */
  description = g_strdup_printf (_("Imports customers from a CSV file (“-” for standard input) whose header row names "
                                   "the columns: name, given name, family name, organization, job title, email, phone, "
                                   "language, time zone, country, form of address, type, notes and the like. Several "
                                   "emails, phones or types in one cell are separated by “;”. The exports of Google "
                                   "Contacts, Outlook and Thunderbird are recognized from their header. Semicolon or "
                                   "tab separators and UTF-16 files are read as they are.\n"
                                   "A row whose email or phone is already a customer’s updates that customer.\n"
                                   "Every column with data that was not imported is reported; --map COLUMN=FIELD "
                                   "imports it. Fields: %s.\n"
                                   "Without --skip-invalid nothing is imported when any line is invalid.\n"
                                   "“import vcf” reads vCard files (2.1, 3.0 or 4.0, any number of cards) as phones, "
                                   "Google, Apple Contacts, Outlook, Thunderbird and Evolution export them. A card "
                                   "whose UID, or else email, is already a customer’s updates that customer; each card "
                                   "is kept whole, so that “export vcf” writes it back with nothing lost."),
                                 fields);
  if (!rapportctl_parse_options ("import", "csv|vcf FILE", description, entries, &argc, &argv, &status))
    return status;

  if (argc < 2)
    return rapportctl_usage_error ("import", _("missing format (csv or vcf)"));
  if (!g_str_equal (argv[1], "csv") && !g_str_equal (argv[1], "vcf") && !g_str_equal (argv[1], "vcard"))
    return rapportctl_usage_error ("import", _("“%s” is not a format that can be imported (csv or vcf)"), argv[1]);
  if (argc < 3)
    return rapportctl_usage_error ("import", _("missing file name"));
  if (argc > 3)
    return rapportctl_usage_error ("import", _("too many arguments"));

  path = argv[2];
  options.flags = skip_invalid ? RAPPORT_IMPORT_SKIP_INVALID : RAPPORT_IMPORT_DEFAULT;
  options.encoding = encoding;
  options.map = (const char *const *) map;

  store = rapportctl_get_store (ctl, &error);
  if (store == NULL)
    return rapportctl_fail (error);

  if (!g_str_equal (argv[1], "csv"))
    {
      if (encoding != NULL || map != NULL)
        return rapportctl_usage_error ("import", _("--encoding and --map are for CSV files; a vCard says its own encoding"));

      if (g_str_equal (path, "-"))
        {
          g_autoptr(GInputStream) in = rapportctl_fd_input_new (STDIN_FILENO);
          g_autoptr(GOutputStream) data = g_memory_output_stream_new_resizable ();

          ok = g_output_stream_splice (data, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error) >= 0;
          if (ok)
            ok = rapport_import_vcf (store,
                                     g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (data)),
                                     g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (data)),
                                     options.flags, &report, &error);
        }
      else
        {
          g_autoptr(GFile) file = g_file_new_for_path (path);

          ok = rapport_import_vcf_file (store, file, options.flags, NULL, &report, &error);
        }
    }
  /* Read as it goes, never mapped: a file cut short while it is read
   * fails the import instead of killing the process. */
  else if (g_str_equal (path, "-"))
    {
      g_autoptr(GInputStream) in = rapportctl_fd_input_new (STDIN_FILENO);

      ok = rapport_store_import_csv_stream_full (store, in, &options, NULL, &report, &error);
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      ok = rapport_store_import_csv_file_full (store, file, &options, NULL, &report, &error);
    }

  for (guint i = 0; report != NULL && i < report->problems->len; i++)
    rapportctl_print_error ("rapportctl: %s: %s\n", path, (const char *) g_ptr_array_index (report->problems, i));

  if (!ok)
    {
      if (json)
        print_import_json (report, FALSE);
      rapportctl_print_error ("rapportctl: %s: %s\n", path, error->message);
      if (!skip_invalid && error->domain == RAPPORT_ERROR && error->code != RAPPORT_ERROR_DATABASE &&
          !g_str_equal (argv[1], "csv"))
        rapportctl_print_error (_("rapportctl: %s: nothing was imported (with --skip-invalid the readable cards would be)\n"), path);
      else if (!skip_invalid && error->domain == RAPPORT_ERROR && error->code != RAPPORT_ERROR_DATABASE)
        rapportctl_print_error (_("rapportctl: %s: nothing was imported (with --skip-invalid the valid lines would be)\n"), path);
      else
        rapportctl_print_error (_("rapportctl: %s: nothing was imported\n"), path);
      return RAPPORTCTL_EXIT_FAILURE;
    }

  if (json)
    print_import_json (report, TRUE);
  else
    {
      if (report->preset != NULL)
        /* Translators: %s is the name of a program, such as Outlook */
        g_print (_("Read as an export of %s\n"), report->preset);
      g_print (ngettext ("Imported %u customer\n", "Imported %u customers\n", report->imported),
               report->imported);
      g_print (ngettext ("%u created\n", "%u created\n", report->created), report->created);
      g_print (ngettext ("%u updated\n", "%u updated\n", report->updated), report->updated);
      g_print (ngettext ("%u unchanged\n", "%u unchanged\n", report->unchanged), report->unchanged);
      if (report->unmapped->len > 0)
        g_print (ngettext ("%u column with data was not imported (see above); --map COLUMN=FIELD imports it\n",
                           "%u columns with data were not imported (see above); --map COLUMN=FIELD imports them\n",
                           report->unmapped->len),
                 report->unmapped->len);
      if (report->skipped > 0 && !g_str_equal (argv[1], "csv"))
        g_print (ngettext ("Skipped %u card that could not be read\n", "Skipped %u cards that could not be read\n",
                           report->skipped),
                 report->skipped);
      else if (report->skipped > 0)
        g_print (ngettext ("Skipped %u invalid line\n", "Skipped %u invalid lines\n", report->skipped),
                 report->skipped);
    }

  /* Rows were rejected and none taken: the import failed. */
  if (report->imported == 0 && report->skipped > 0)
    return RAPPORTCTL_EXIT_FAILURE;

  return RAPPORTCTL_EXIT_OK;
}

/* Export ---------------------------------------------------------------- */

typedef enum
{
  FORMAT_CSV,
  FORMAT_VCF,
  FORMAT_JSON,
} Format;

static gboolean
export_vcf (RapportStore   *store,
            GOutputStream  *out,
            GError        **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GHashTable) organization_uids = NULL;
  g_autoptr(GString) buffer = g_string_sized_new (FLUSH_SIZE + 4096);
  RapportCustomerQuery query = { 0 };

  query.sort = RAPPORT_SORT_NAME;
  ids = rapport_store_list_customer_ids (store, &query, error);
  if (ids == NULL)
    return FALSE;

  /* organization id -> UID, for RELATED */
  organization_uids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(RapportCustomer) customer = NULL;
      g_autoptr(RapportVCard) card = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *organization_uid = NULL;

      customer = rapport_store_get_customer (store, g_array_index (ids, gint64, i), &local_error);
      if (customer == NULL)
        {
          if (g_error_matches (local_error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (customer->organization_id != 0)
        {
          organization_uid = g_hash_table_lookup (organization_uids, &customer->organization_id);
          if (organization_uid == NULL)
            {
              g_autoptr(RapportCustomer) organization = NULL;

              organization = rapport_store_get_customer (store, customer->organization_id, NULL);
              if (organization != NULL && organization->uid != NULL)
                {
                  organization_uid = organization->uid;
                  g_hash_table_insert (organization_uids,
                                       g_memdup2 (&customer->organization_id, sizeof (gint64)),
                                       g_steal_pointer (&organization->uid));
                }
            }
        }

      card = rapport_vcard_for_export (store, customer, organization_uid);
      rapport_vcard_write (card, buffer);

      if (buffer->len >= FLUSH_SIZE)
        {
          if (!g_output_stream_write_all (out, buffer->str, buffer->len, NULL, NULL, error))
            return FALSE;
          g_string_truncate (buffer, 0);
        }
    }

  return g_output_stream_write_all (out, buffer->str, buffer->len, NULL, NULL, error);
}

static gboolean
export_to (RapportStore   *store,
           Format          format,
           GOutputStream  *out,
           GError        **error)
{
  switch (format)
    {
    case FORMAT_CSV:
      return rapport_store_export_csv (store, out, error);

    case FORMAT_VCF:
      return export_vcf (store, out, error);

    case FORMAT_JSON:
      return rapport_store_export_json (store, out, error);

    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

static gboolean
export_to_file (RapportStore  *store,
                Format         format,
                const char    *path,
                GError       **error)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  int fd;
  int saved_errno;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("%s: cannot create a file in “%s”: %s"), path, dir, g_strerror (saved_errno));
      return FALSE;
    }

  out = rapportctl_fd_stream_new (fd);

  if (!export_to (store, format, out, error))
    {
      if (error != NULL && *error != NULL && (*error)->domain == G_IO_ERROR)
        g_prefix_error (error, "%s: ", path);
      goto fail;
    }

  if (fsync (fd) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      goto fail;
    }

  if (!g_close (fd, error))
    {
      fd = -1;
      g_prefix_error (error, "%s: ", path);
      goto fail;
    }
  fd = -1;

  if (g_rename (tmp, path) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      goto fail;
    }

  return TRUE;

fail:
  if (fd >= 0)
    g_close (fd, NULL);
  g_unlink (tmp);
  return FALSE;
}

int
rapportctl_export (Rapportctl  *ctl,
                   int          argc,
                   char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  RapportStore *store;
  Format format;
  int status;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE, replacing it only once complete (default: standard output)"), N_("FILE") },
    { NULL }
  };

  if (!rapportctl_parse_options ("export", "csv|vcf|json",
                                 _("Exports every customer as CSV (the columns “import csv” reads) or as vCard 4.0, "
                                   "or the whole database as a JSON backup."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc < 2)
    return rapportctl_usage_error ("export", _("missing format (csv, vcf or json)"));
  if (argc > 2)
    return rapportctl_usage_error ("export", _("too many arguments"));

  if (g_str_equal (argv[1], "csv"))
    format = FORMAT_CSV;
  else if (g_str_equal (argv[1], "vcf") || g_str_equal (argv[1], "vcard"))
    format = FORMAT_VCF;
  else if (g_str_equal (argv[1], "json"))
    format = FORMAT_JSON;
  else
    return rapportctl_usage_error ("export", _("“%s” is not an export format (csv, vcf or json)"), argv[1]);

  if (output != NULL && *output == '\0')
    return rapportctl_usage_error ("export", _("--output: the file name is empty"));

  store = rapportctl_get_store (ctl, &error);
  if (store == NULL)
    return rapportctl_fail (error);

  if (output != NULL && !g_str_equal (output, "-"))
    {
      if (!export_to_file (store, format, output, &error))
        return rapportctl_fail (error);
    }
  else
    {
      g_autoptr(GOutputStream) out = rapportctl_fd_stream_new (STDOUT_FILENO);

      fflush (stdout);
      if (!export_to (store, format, out, &error))
        {
          if (error->domain == G_IO_ERROR)
            g_prefix_error (&error, _("standard output: "));
          return rapportctl_fail (error);
        }
    }

  return RAPPORTCTL_EXIT_OK;
}
