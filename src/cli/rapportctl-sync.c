/* rapportctl-sync.c
 *
 * rapportctl sync [--account ID] [--json]: a two-way sync of one account
 * or of every account, one after the other, with the password from the
 * Secret Service. A failed account does not stop the others; the exit
 * status is 1 when any failed.
 */

#define G_LOG_DOMAIN "rapportctl"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-account.h"
#include "rapport-error.h"
#include "rapport-sync.h"
#include "rapportctl.h"

static JsonNode *
report_json (RapportStore            *store,
             const RapportAccount    *account,
             const RapportSyncReport *report,
             const GError            *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) set_aside = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account_id");
  json_builder_add_int_value (builder, account->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, account->name);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, report != NULL);
  if (report != NULL)
    {
      const struct { const char *name; guint value; } counts[] = {
        { "pulled_new", report->pulled_new },
        { "pulled_changed", report->pulled_changed },
        { "pulled_deleted", report->pulled_deleted },
        { "pushed_new", report->pushed_new },
        { "pushed_changed", report->pushed_changed },
        { "pushed_deleted", report->pushed_deleted },
        { "conflicts", report->conflicts },
        { "merged", report->merged },
        { "quarantined", report->quarantined },
        { "requests", report->requests },
      };

      json_builder_set_member_name (builder, "summary");
      json_builder_add_string_value (builder, report->summary);
      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        {
          json_builder_set_member_name (builder, counts[i].name);
          json_builder_add_int_value (builder, counts[i].value);
        }
    }
  else
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error != NULL ? error->message : "");
    }
  /* Which records "N set aside" means, and why; a failed sync leaves
   * the ones of the last. */
  set_aside = rapport_account_list_set_aside (store, account->id, NULL);
  json_builder_set_member_name (builder, "set_aside");
  if (set_aside != NULL)
    json_builder_add_value (builder, rapportctl_set_aside_json (set_aside));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

int
rapportctl_sync (Rapportctl  *ctl,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(JsonArray) results = json_array_new ();
  g_autofree char *account_ref = NULL;
  RapportStore *store;
  gboolean json = FALSE;
  gboolean failed = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "account", 'a', 0, G_OPTION_ARG_STRING, &account_ref, N_("Sync only this account (its id)"), N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the results as a JSON array"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("sync", NULL,
                                 _("Syncs customers, follow-ups and history with the server of each account\n"
                                   "(see “rapportctl account”), both ways."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return rapportctl_usage_error ("sync", _("unexpected argument “%s”"), argv[1]);

  store = rapportctl_get_store (ctl, &error);
  if (store == NULL)
    return rapportctl_fail (error);

  if (account_ref != NULL)
    {
      RapportAccount *account;
      gint64 id;

      if (!rapportctl_parse_id (account_ref, _("account"), &id, &error))
        return rapportctl_fail (error);
      account = rapport_account_get (store, id, &error);
      if (account == NULL)
        return rapportctl_fail (error);
      accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_account_free);
      g_ptr_array_add (accounts, account);
    }
  else
    {
      accounts = rapport_account_list (store, &error);
      if (accounts == NULL)
        return rapportctl_fail (error);
      if (accounts->len == 0)
        {
          g_set_error_literal (&error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                               _("There are no sync accounts; add one with “rapportctl account add”."));
          return rapportctl_fail (error);
        }
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      const RapportAccount *account = g_ptr_array_index (accounts, i);
      g_autoptr(RapportDavClient) client = NULL;
      g_autoptr(RapportSyncReport) report = NULL;
      g_autoptr(GError) sync_error = NULL;

      client = rapport_account_dup_client_sync (account, 0, NULL, &sync_error);
      if (client != NULL)
        report = rapport_sync_run (store, account->id, client, NULL, &sync_error);
      else
        {
          /* Translators: %s is why a sync failed */
          g_autofree char *message = g_strdup_printf (_("Sync failed: %s"), sync_error->message);

          /* The engine records its own results; this failure came before it. */
          rapport_account_set_result (store, account->id, message, NULL);
        }

      if (report == NULL)
        failed = TRUE;

      if (json)
        json_array_add_element (results, report_json (store, account, report, sync_error));
      else if (report != NULL)
        {
          g_autoptr(GPtrArray) set_aside = rapport_account_list_set_aside (store, account->id, NULL);

          g_print ("%s: %s\n", account->name, report->summary);
          /* Set aside in this sync or an earlier one: which, and why. */
          if (set_aside != NULL && set_aside->len > 0)
            g_print (ngettext ("  %u record on the server is not read: see “rapportctl account show %" G_GINT64_FORMAT "”\n",
                               "  %u records on the server are not read: see “rapportctl account show %" G_GINT64_FORMAT "”\n",
                               set_aside->len),
                     set_aside->len, account->id);
        }
      else
        /* Translators: an account's name, then why its sync failed */
        rapportctl_print_error (_("rapportctl: %s: %s\n"), account->name, sync_error->message);
    }

  if (json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, results);
      rapportctl_print_json (node);
    }

  return failed ? RAPPORTCTL_EXIT_FAILURE : RAPPORTCTL_EXIT_OK;
}
