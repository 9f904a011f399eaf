/* rapportctl-notices.c
 *
 * rapportctl notices list|render|mark
 *
 * "notices list" first prepares the notices due by today in the user's
 * time zone (rapport_store_process_renewals_full), so it prints what the
 * app shows; a contract whose notice cannot be prepared is reported on
 * stderr (exit status 1) and every other notice is listed. "notices render" prints a notice as the customer reads it: the
 * stored text, or with --lang the notice written again in that language.
 */

#define G_LOG_DOMAIN "rapportctl"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "rapport-error.h"
#include "rapport-json.h"
#include "rapport-notice-text.h"
#include "rapport-store-notices.h"
#include "rapport-validate.h"
#include "rapportctl.h"

/* The stored record plus what the notice is about. */
static JsonNode *
notice_json (gconstpointer record)
{
  const RapportNotice *notice = record;
  JsonNode *node = rapport_notice_to_json (notice);
  JsonObject *object = json_node_get_object (node);

  json_object_set_int_member (object, "customer_id", notice->customer_id);
  json_object_set_string_member (object, "customer_name", notice->customer_name);
  json_object_set_string_member (object, "product", notice->product);
  json_object_set_boolean_member (object, "courtesy", notice->auto_renew);

  return node;
}

static RapportNotice *
get_notice (Rapportctl  *ctl,
            const char  *ref,
            GError     **error)
{
  RapportStore *store;
  gint64 id;

  if (!rapportctl_parse_id (ref, _("renewal notice"), &id, error))
    return NULL;

  store = rapportctl_get_store (ctl, error);
  if (store == NULL)
    return NULL;

  return rapport_store_get_notice (store, id, error);
}

static int
notices_list (Rapportctl  *ctl,
              int          argc,
              char       **argv)
{
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GPtrArray) failures = NULL;
  g_autoptr(RapportctlTable) table = rapportctl_table_new (7);
  g_autoptr(GError) error = NULL;
  g_autofree char *state_key = NULL;
  g_autofree char *today = NULL;
  RapportStore *store;
  gboolean json = FALSE;
  int state = -1;
  int status;
  const GOptionEntry entries[] = {
    { "state", 's', 0, G_OPTION_ARG_STRING, &state_key, N_("Only notices in this state: due, prepared, sent, renewed, lapsed"), N_("STATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the notices as a JSON array"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("notices list", NULL,
                                 _("Prepares the renewal notices due by today, then lists every notice, soonest due first."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return rapportctl_usage_error ("notices list", _("unexpected argument “%s”"), argv[1]);

  if (state_key != NULL &&
      !rapport_enum_from_key (rapport_notice_state_info, state_key, _("state"), &state, &error))
    return rapportctl_fail (error);

  store = rapportctl_get_store (ctl, &error);
  if (store == NULL)
    return rapportctl_fail (error);

  /* A contract whose notice cannot be written is reported, and the
   * others are prepared and listed all the same. */
  today = rapportctl_dup_today (ctl);
  if (!rapport_store_process_renewals_full (store, today, NULL, NULL, &failures, &error))
    return rapportctl_fail (error);

  notices = rapport_store_list_notices_all (store, state, &error);
  if (notices == NULL)
    return rapportctl_fail (error);

  for (guint i = 0; i < failures->len; i++)
    {
      const RapportRenewalFailure *failure = g_ptr_array_index (failures, i);

      g_printerr (/* Translators: a contract's id and product, its
                   * customer, then why its renewal notice could not
                   * be prepared */
                  _("rapportctl: contract %" G_GINT64_FORMAT " “%s” (%s): no renewal notice could be prepared: %s\n"),
                  failure->contract_id, failure->product,
                  failure->customer_name != NULL ? failure->customer_name : "",
                  failure->error->message);
    }
  status = failures->len > 0 ? RAPPORTCTL_EXIT_FAILURE : RAPPORTCTL_EXIT_OK;

  if (json)
    {
      g_autoptr(JsonNode) node = rapportctl_json_array_new (notices, notice_json);

      rapportctl_print_json (node);
      return status;
    }

  if (notices->len == 0)
    {
      g_print ("%s\n", _("No renewal notices."));
      return status;
    }

  rapportctl_table_add (table, _("ID"), _("DUE"), _("STATE"), _("LANGUAGE"), _("CUSTOMER"),
                        _("PRODUCT"), _("SUBJECT"));
  for (guint i = 0; i < notices->len; i++)
    {
      const RapportNotice *notice = g_ptr_array_index (notices, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, notice->id);

      rapportctl_table_add (table, id, notice->due_date,
                            rapport_enum_to_label (rapport_notice_state_info, notice->state),
                            notice->language, notice->customer_name, notice->product,
                            notice->subject);
    }
  rapportctl_table_print (table, "");

  return status;
}

static int
notices_render (Rapportctl  *ctl,
                int          argc,
                char       **argv)
{
  g_autoptr(RapportNotice) notice = NULL;
  g_autoptr(RapportContract) contract = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_auto(RapportNoticeText) text = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *mailto = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang, N_("Write the notice again in this language (BCP 47 tag such as fr-CA); without a translation, the customer’s, the business’s or English"), N_("TAG") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print id, language, subject, body and mailto: URI as JSON"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("notices render", "ID",
                                 _("Prints a renewal notice as the customer reads it: the subject, a blank line and the body."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return rapportctl_usage_error ("notices render",
                                   argc < 2 ? _("missing renewal notice id") : _("too many arguments"));

  if (lang != NULL)
    {
      tag = rapport_language_tag_normalize (lang, _("language"), &error);
      if (tag == NULL)
        return rapportctl_fail (error);
    }

  notice = get_notice (ctl, argv[1], &error);
  if (notice == NULL)
    return rapportctl_fail (error);

  contract = rapport_store_get_contract (ctl->store, notice->contract_id, &error);
  if (contract == NULL)
    return rapportctl_fail (error);

  customer = rapport_store_get_customer (ctl->store, contract->customer_id, &error);
  if (customer == NULL)
    return rapportctl_fail_record (_("contract"), contract->product, error);

  /* The stored text is what the customer gets; a notice recorded without
   * one, or asked for in another language, is written now. */
  if (tag != NULL || notice->body == NULL || notice->subject == NULL)
    {
      const RapportNoticeTextOptions options = { .language = tag };

      if (!rapport_store_render_notice (ctl->store, notice->id, &options, &text, &error))
        return rapportctl_fail_record (_("contract"), contract->product, error);
    }
  else
    {
      text.language = g_strdup (notice->language);
      text.subject = g_strdup (notice->subject);
      text.body = g_strdup (notice->body);
    }

  mailto = rapport_notice_mailto (rapport_customer_get_email (customer), text.subject, text.body);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, notice->id);
      json_builder_set_member_name (builder, "language");
      json_builder_add_string_value (builder, text.language);
      json_builder_set_member_name (builder, "subject");
      json_builder_add_string_value (builder, text.subject);
      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, text.body);
      json_builder_set_member_name (builder, "mailto");
      json_builder_add_string_value (builder, mailto);
      json_builder_end_object (builder);

      node = json_builder_get_root (builder);
      rapportctl_print_json (node);
      return RAPPORTCTL_EXIT_OK;
    }

  /* The customer's language, whatever the terminal's: write the bytes. */
  fprintf (stdout, _("Subject: %s\n"), text.subject);
  fputc ('\n', stdout);
  fputs (text.body, stdout);
  fputc ('\n', stdout);
  fflush (stdout);

  return RAPPORTCTL_EXIT_OK;
}

static int
notices_mark (Rapportctl  *ctl,
              int          argc,
              char       **argv)
{
  g_autoptr(RapportNotice) notice = NULL;
  g_autoptr(RapportNotice) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state_key = NULL;
  g_autofree char *record = NULL;
  gboolean json = FALSE;
  int state;
  int status;
  const GOptionEntry entries[] = {
    { "state", 's', 0, G_OPTION_ARG_STRING, &state_key, N_("The new state: due, prepared, sent, renewed, lapsed (required)"), N_("STATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the notice as JSON"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("notices mark", "ID",
                                 _("Records what became of a renewal notice: prepared, sent, renewed or lapsed."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return rapportctl_usage_error ("notices mark",
                                   argc < 2 ? _("missing renewal notice id") : _("too many arguments"));
  if (state_key == NULL)
    return rapportctl_usage_error ("notices mark", _("missing required option --state"));

  notice = get_notice (ctl, argv[1], &error);
  if (notice == NULL)
    return rapportctl_fail (error);

  /* Translators: names a renewal notice in messages: the customer, then
   * the product ("Amara Okafor, Premium Support") */
  record = g_strdup_printf (_("%s, %s"), notice->customer_name, notice->product);

  if (!rapport_enum_from_key (rapport_notice_state_info, state_key, _("state"), &state, &error))
    return rapportctl_fail_record (_("renewal notice"), record, error);

  if (!rapport_store_set_notice_state (ctl->store, notice->id, state, &error))
    return rapportctl_fail_record (_("renewal notice"), record, error);

  stored = rapport_store_get_notice (ctl->store, notice->id, &error);
  if (stored == NULL)
    return rapportctl_fail (error);

  if (json)
    {
      g_autoptr(JsonNode) node = notice_json (stored);

      rapportctl_print_json (node);
    }
  else
    /* Translators: the first %s names the notice ("Amara Okafor, Premium
     * Support"), the second is its new state ("Sent") */
    g_print (_("Renewal notice %" G_GINT64_FORMAT " (%s): %s\n"), stored->id, record,
             rapport_enum_to_label (rapport_notice_state_info, stored->state));

  return RAPPORTCTL_EXIT_OK;
}

static const RapportctlCommand notices_commands[] = {
  { "list", notices_list, N_("Prepare the notices due by today and list every notice") },
  { "render", notices_render, N_("Print a notice as the customer reads it, or in another language") },
  { "mark", notices_mark, N_("Mark a notice as prepared, sent, renewed or lapsed") },
  { NULL }
};

int
rapportctl_notices (Rapportctl  *ctl,
                    int          argc,
                    char       **argv)
{
  return rapportctl_dispatch (ctl, "notices", notices_commands, argc, argv);
}
