/* rapportctl-contract.c
 *
 * rapportctl contract add|list|show|delete
 *
 * A contract's renewal notice falls due "lead days" before its end date;
 * "contract list --renewals-due" lists those due by today in the user's
 * time zone.
 */

#define G_LOG_DOMAIN "rapportctl"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-error.h"
#include "rapport-json.h"
#include "rapport-time.h"
#include "rapport-validate.h"
#include "rapportctl.h"

static JsonNode *
contract_json (gconstpointer record)
{
  return rapport_contract_to_json (record);
}

static JsonNode *
notice_json (gconstpointer record)
{
  return rapport_notice_to_json (record);
}

static RapportContract *
get_contract (Rapportctl  *ctl,
              const char  *ref,
              GError     **error)
{
  RapportStore *store;
  gint64 id;

  if (!rapportctl_parse_id (ref, _("contract"), &id, error))
    return NULL;

  store = rapportctl_get_store (ctl, error);
  if (store == NULL)
    return NULL;

  return rapport_store_get_contract (store, id, error);
}

static int
contract_add (Rapportctl  *ctl,
              int          argc,
              char       **argv)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(RapportContract) contract = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *customer_ref = NULL;
  g_autofree char *product = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *value = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *lead_days = NULL;
  g_autofree char *notes = NULL;
  gboolean auto_renew = FALSE;
  gboolean json = FALSE;
  char date[11];
  int status;
  const GOptionEntry entries[] = {
    { "customer", 'c', 0, G_OPTION_ARG_STRING, &customer_ref, N_("Whose contract (required)"), N_("ID-OR-EMAIL") },
    { "product", 'p', 0, G_OPTION_ARG_STRING, &product, N_("Product or service (required)"), N_("TEXT") },
    { "start", 's', 0, G_OPTION_ARG_STRING, &start, N_("Start date (required)"), N_("DATE") },
    { "end", 'e', 0, G_OPTION_ARG_STRING, &end, N_("End date, when it renews (required)"), N_("DATE") },
    { "value", 'v', 0, G_OPTION_ARG_STRING, &value, N_("Value, such as 1200.00"), N_("AMOUNT") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency, N_("ISO 4217 currency code, such as EUR"), N_("CODE") },
    { "lead-days", 0, 0, G_OPTION_ARG_STRING, &lead_days, N_("Days before the end to prepare the renewal notice (default: the business setting, else 30)"), N_("DAYS") },
    { "auto-renew", 0, 0, G_OPTION_ARG_NONE, &auto_renew, N_("The contract renews by itself"), NULL },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, N_("Notes"), N_("TEXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the record as JSON"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("contract add", NULL,
                                 _("Records a contract and prints its id."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return rapportctl_usage_error ("contract add", _("unexpected argument “%s”"), argv[1]);
  if (customer_ref == NULL)
    return rapportctl_usage_error ("contract add", _("missing required option --customer"));
  if (product == NULL)
    return rapportctl_usage_error ("contract add", _("missing required option --product"));
  if (start == NULL)
    return rapportctl_usage_error ("contract add", _("missing required option --start"));
  if (end == NULL)
    return rapportctl_usage_error ("contract add", _("missing required option --end"));
  if (value != NULL && currency == NULL)
    return rapportctl_usage_error ("contract add", _("--value needs --currency"));

  contract = rapport_contract_new ();
  contract->product = g_steal_pointer (&product);
  contract->notes = g_steal_pointer (&notes);
  contract->auto_renew = auto_renew;

  if (!rapport_parse_date (start, _("start date"), date, &error))
    return rapportctl_fail_record (_("contract"), contract->product, error);
  contract->start_date = g_strdup (date);

  if (!rapport_parse_date (end, _("end date"), date, &error))
    return rapportctl_fail_record (_("contract"), contract->product, error);
  contract->end_date = g_strdup (date);

  if (currency != NULL)
    {
      contract->currency = g_ascii_strup (currency, -1);
      if (rapport_currency_exponent (contract->currency, _("currency"), &error) < 0)
        return rapportctl_fail_record (_("contract"), contract->product, error);
    }

  if (value != NULL &&
      !rapport_parse_money (value, contract->currency, _("value"), &contract->value, &error))
    return rapportctl_fail_record (_("contract"), contract->product, error);

  if (lead_days != NULL &&
      !rapportctl_parse_int (lead_days, _("lead days"), 0, 3650, &contract->lead_days, &error))
    return rapportctl_fail_record (_("contract"), contract->product, error);

  customer = rapportctl_find_customer (ctl, customer_ref, &error);
  if (customer == NULL)
    return rapportctl_fail (error);

  /* Without --lead-days, the business's notice period. */
  if (lead_days == NULL)
    contract->lead_days = rapport_store_get_default_lead_days (ctl->store);

  contract->customer_id = customer->id;
  if (!rapport_store_add_contract (ctl->store, contract, &error))
    return rapportctl_fail_record (_("contract"), contract->product, error);

  if (json)
    {
      g_autoptr(RapportContract) stored = rapport_store_get_contract (ctl->store, contract->id, &error);
      g_autoptr(JsonNode) node = NULL;

      if (stored == NULL)
        return rapportctl_fail (error);

      node = rapport_contract_to_json (stored);
      rapportctl_print_json (node);
    }
  else
    g_print ("%" G_GINT64_FORMAT "\n", contract->id);

  return RAPPORTCTL_EXIT_OK;
}

static int
contract_list (Rapportctl  *ctl,
               int          argc,
               char       **argv)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GPtrArray) contracts = NULL;
  g_autoptr(RapportctlTable) table = rapportctl_table_new (8);
  g_autoptr(GError) error = NULL;
  g_autofree char *customer_ref = NULL;
  g_autofree char *today = NULL;
  RapportStore *store;
  gboolean renewals_due = FALSE;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "renewals-due", 'r', 0, G_OPTION_ARG_NONE, &renewals_due, N_("Only contracts whose renewal notice is due by today"), NULL },
    { "customer", 'c', 0, G_OPTION_ARG_STRING, &customer_ref, N_("Only this customer’s"), N_("ID-OR-EMAIL") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the contracts as a JSON array"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("contract list", NULL,
                                 _("Lists contracts, or with --renewals-due those to renew soonest first."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return rapportctl_usage_error ("contract list", _("unexpected argument “%s”"), argv[1]);

  store = rapportctl_get_store (ctl, &error);
  if (store == NULL)
    return rapportctl_fail (error);

  if (customer_ref != NULL)
    {
      customer = rapportctl_find_customer (ctl, customer_ref, &error);
      if (customer == NULL)
        return rapportctl_fail (error);
    }

  if (renewals_due)
    {
      today = rapportctl_dup_today (ctl);
      contracts = rapport_store_list_renewals_due (store, today, &error);
      if (contracts != NULL && customer != NULL)
        {
          for (guint i = contracts->len; i > 0; i--)
            {
              const RapportContract *contract = g_ptr_array_index (contracts, i - 1);

              if (contract->customer_id != customer->id)
                g_ptr_array_remove_index (contracts, i - 1);
            }
        }
    }
  else
    contracts = rapport_store_list_contracts (store, customer != NULL ? customer->id : 0, &error);

  if (contracts == NULL)
    return rapportctl_fail (error);

  if (json)
    {
      g_autoptr(JsonNode) node = rapportctl_json_array_new (contracts, contract_json);

      rapportctl_print_json (node);
      return RAPPORTCTL_EXIT_OK;
    }

  if (contracts->len == 0)
    {
      g_print ("%s\n", renewals_due ? _("No renewals due.") : _("No contracts."));
      return RAPPORTCTL_EXIT_OK;
    }

  rapportctl_table_add (table, _("ID"), _("CUSTOMER"), _("PRODUCT"), _("START"), _("END"),
                        _("NOTICE"), _("VALUE"), _("STATE"));
  for (guint i = 0; i < contracts->len; i++)
    {
      const RapportContract *contract = g_ptr_array_index (contracts, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, contract->id);
      g_autofree char *money = rapportctl_format_money (contract->value, contract->currency);
      g_autofree char *state = NULL;
      char notice[11];

      rapport_contract_get_notice_date (contract, notice);
      state = contract->auto_renew
              ? g_strdup_printf ("%s, %s", rapport_enum_to_label (rapport_contract_state_info, contract->state),
                                 _("auto-renew"))
              : g_strdup (rapport_enum_to_label (rapport_contract_state_info, contract->state));

      rapportctl_table_add (table, id, contract->customer_name, contract->product,
                            contract->start_date, contract->end_date, notice, money, state);
    }
  rapportctl_table_print (table, "");

  return RAPPORTCTL_EXIT_OK;
}

static int
contract_show (Rapportctl  *ctl,
               int          argc,
               char       **argv)
{
  g_autoptr(RapportContract) contract = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(RapportctlTable) table = rapportctl_table_new (2);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *money = NULL;
  g_autofree char *lead = NULL;
  gboolean json = FALSE;
  char notice_date[11];
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the record and its notices as JSON"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("contract show", "ID",
                                 _("Shows a contract and its renewal notices."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return rapportctl_usage_error ("contract show",
                                   argc < 2 ? _("missing contract id") : _("too many arguments"));

  contract = get_contract (ctl, argv[1], &error);
  if (contract == NULL)
    return rapportctl_fail (error);

  notices = rapport_store_list_notices (ctl->store, contract->id, &error);
  if (notices == NULL)
    return rapportctl_fail_record (_("contract"), contract->product, error);

  if (json)
    {
      g_autoptr(JsonNode) node = rapport_contract_to_json (contract);

      json_object_set_member (json_node_get_object (node), "notices",
                              rapportctl_json_array_new (notices, notice_json));
      rapportctl_print_json (node);
      return RAPPORTCTL_EXIT_OK;
    }

  id = g_strdup_printf ("%" G_GINT64_FORMAT, contract->id);
  money = rapportctl_format_money (contract->value, contract->currency);
  lead = g_strdup_printf (ngettext ("%d day", "%d days", contract->lead_days), contract->lead_days);
  rapport_contract_get_notice_date (contract, notice_date);

  g_print ("%s\n", contract->product);
  rapportctl_table_add (table, _("Id:"), id);
  rapportctl_table_add (table, _("Customer:"), contract->customer_name);
  rapportctl_table_add (table, _("Start:"), contract->start_date);
  rapportctl_table_add (table, _("End:"), contract->end_date);
  rapportctl_table_add (table, _("Notice lead:"), lead);
  rapportctl_table_add (table, _("Notice due:"), notice_date);
  if (*money != '\0')
    rapportctl_table_add (table, _("Value:"), money);
  rapportctl_table_add (table, _("Auto-renew:"), contract->auto_renew ? _("yes") : _("no"));
  rapportctl_table_add (table, _("State:"), rapport_enum_to_label (rapport_contract_state_info, contract->state));
  if (contract->notes != NULL)
    rapportctl_table_add (table, _("Notes:"), contract->notes);
  rapportctl_table_print (table, "  ");

  if (notices->len > 0)
    {
      g_autoptr(RapportctlTable) list = rapportctl_table_new (4);

      g_print ("\n");
      g_print (_("Renewal notices (%u):\n"), notices->len);
      for (guint i = 0; i < notices->len; i++)
        {
          const RapportNotice *notice = g_ptr_array_index (notices, i);
          g_autofree char *notice_id = g_strdup_printf ("%" G_GINT64_FORMAT, notice->id);

          rapportctl_table_add (list, notice_id, notice->due_date,
                                rapport_enum_to_label (rapport_notice_state_info, notice->state),
                                notice->subject);
        }
      rapportctl_table_print (list, "  ");
    }

  return RAPPORTCTL_EXIT_OK;
}

static int
contract_delete (Rapportctl  *ctl,
                 int          argc,
                 char       **argv)
{
  g_autoptr(RapportContract) contract = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!rapportctl_parse_options ("contract delete", "ID", _("Deletes a contract and its notices."),
                                 NULL, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return rapportctl_usage_error ("contract delete",
                                   argc < 2 ? _("missing contract id") : _("too many arguments"));

  contract = get_contract (ctl, argv[1], &error);
  if (contract == NULL)
    return rapportctl_fail (error);

  if (!rapport_store_delete_contract (ctl->store, contract->id, &error))
    return rapportctl_fail_record (_("contract"), contract->product, error);

  g_print (_("Deleted “%s”\n"), contract->product);
  return RAPPORTCTL_EXIT_OK;
}

static const RapportctlCommand contract_commands[] = {
  { "add", contract_add, N_("Record a contract") },
  { "list", contract_list, N_("List contracts or the renewals that are due") },
  { "show", contract_show, N_("Show a contract and its renewal notices") },
  { "delete", contract_delete, N_("Delete a contract") },
  { NULL }
};

int
rapportctl_contract (Rapportctl  *ctl,
                     int          argc,
                     char       **argv)
{
  return rapportctl_dispatch (ctl, "contract", contract_commands, argc, argv);
}
