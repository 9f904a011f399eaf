/* rapport-contract-dialog.c
 *
 * The fields are read back and checked by rapport_contract_check; a
 * field's message shows once it has been edited, and Save stays disabled
 * (its tooltip naming the first problem) while any field is wrong.
 */

#define G_LOG_DOMAIN "rapport-contract-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "rapport-contract-dialog.h"
#include "rapport-schedule.h"
#include "rapport-time.h"
#include "rapport-validate.h"
#include "rapport-form.h"
#include "rapport-window.h"

struct _RapportContractDialog
{
  AdwWindow          parent_instance;

  RapportContext    *context;
  gint64             customer_id;
  gint64             contract_id;
  RapportContract   *contract;       /* as stored, when editing */
  char              *initial;        /* the fields as filled in, to tell edits */
  guint              touched;        /* bit per RapportContractField */
  gboolean           loading;
  gboolean           syncing_calendar;
  gboolean           done;           /* saved, deleted or discarded: close */

  /* Template children */
  AdwWindowTitle    *window_title;
  GtkScrolledWindow *scrolled_window;
  GtkLabel          *error_label;
  GtkWidget         *save_button;
  AdwEntryRow       *product_row;
  AdwPreferencesRow *product_error_row;
  GtkLabel          *product_error;
  AdwEntryRow       *start_row;
  AdwPreferencesRow *start_error_row;
  GtkLabel          *start_error;
  GtkPopover        *start_popover;
  GtkCalendar       *start_calendar;
  AdwEntryRow       *end_row;
  AdwPreferencesRow *end_error_row;
  GtkLabel          *end_error;
  GtkPopover        *end_popover;
  GtkCalendar       *end_calendar;
  AdwEntryRow       *value_row;
  AdwPreferencesRow *value_error_row;
  GtkLabel          *value_error;
  AdwEntryRow       *currency_row;
  AdwPreferencesRow *currency_error_row;
  GtkLabel          *currency_error;
  GtkSpinButton     *lead_days_spin;
  GtkSwitch         *auto_renew_switch;
  GtkTextView       *notes_view;
  GtkWidget         *delete_button;
};

G_DEFINE_FINAL_TYPE (RapportContractDialog, rapport_contract_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CUSTOMER_ID,
  PROP_CONTRACT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Undo of a deletion, after the dialog is gone: the store outlives it. */
typedef struct
{
  RapportStore    *store;
  GWeakRef         window;
  RapportContract *contract;
} DeleteUndo;

static void
delete_undo_free (gpointer  data,
                  GClosure *closure)
{
  DeleteUndo *undo = data;

  g_clear_object (&undo->store);
  g_weak_ref_clear (&undo->window);
  g_clear_pointer (&undo->contract, rapport_contract_free);
  g_free (undo);
}

static void
undo_delete_cb (AdwToast   *toast,
                DeleteUndo *undo)
{
  g_autoptr(RapportContract) copy = rapport_contract_copy (undo->contract);
  g_autoptr(GError) error = NULL;

  copy->id = 0;
  if (!rapport_store_add_contract (undo->store, copy, &error))
    {
      g_autoptr(RapportWindow) window = g_weak_ref_get (&undo->window);
      g_autofree char *title = NULL;

      if (window == NULL)
        return;

      /* Translators: %s is the reason */
      title = g_markup_printf_escaped (_("Could not restore the contract: %s"), error->message);
      rapport_window_add_toast (window, adw_toast_new (title));
    }
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* Everything the user can change, in one string, to tell edits. */
static char *
dup_fields (RapportContractDialog *self)
{
  g_autofree char *notes = rapport_form_dup_text (self->notes_view);

  return g_strdup_printf ("%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%d\x1f%d\x1f%s",
                          entry_text (self->product_row),
                          entry_text (self->start_row),
                          entry_text (self->end_row),
                          entry_text (self->value_row),
                          entry_text (self->currency_row),
                          gtk_spin_button_get_value_as_int (self->lead_days_spin),
                          gtk_switch_get_active (self->auto_renew_switch),
                          notes);
}

static gboolean
has_changes (RapportContractDialog *self)
{
  g_autofree char *fields = NULL;

  if (self->initial == NULL)
    return FALSE;

  fields = dup_fields (self);

  return g_strcmp0 (fields, self->initial) != 0;
}

static void
show_error (RapportContractDialog *self,
            const char            *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);

  if (message != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
    }
}

static void
check_form (RapportContractDialog *self,
            RapportContractCheck  *check)
{
  rapport_contract_check (entry_text (self->product_row),
                          entry_text (self->start_row),
                          entry_text (self->end_row),
                          entry_text (self->value_row),
                          entry_text (self->currency_row),
                          check);
}

static const char *
shown_error (RapportContractDialog *self,
             RapportContractCheck  *check,
             RapportContractField   field)
{
  return (self->touched & (1u << field)) != 0 ? check->errors[field] : NULL;
}

static void
update_state (RapportContractDialog *self)
{
  RapportContractCheck check;
  const char *first = NULL;

  if (self->loading)
    return;

  check_form (self, &check);

  rapport_form_set_field_error (GTK_WIDGET (self->product_row), self->product_error_row, self->product_error,
                   shown_error (self, &check, RAPPORT_CONTRACT_FIELD_PRODUCT));
  rapport_form_set_field_error (GTK_WIDGET (self->start_row), self->start_error_row, self->start_error,
                   shown_error (self, &check, RAPPORT_CONTRACT_FIELD_START));
  rapport_form_set_field_error (GTK_WIDGET (self->end_row), self->end_error_row, self->end_error,
                   shown_error (self, &check, RAPPORT_CONTRACT_FIELD_END));
  rapport_form_set_field_error (GTK_WIDGET (self->value_row), self->value_error_row, self->value_error,
                   shown_error (self, &check, RAPPORT_CONTRACT_FIELD_VALUE));
  rapport_form_set_field_error (GTK_WIDGET (self->currency_row), self->currency_error_row, self->currency_error,
                   shown_error (self, &check, RAPPORT_CONTRACT_FIELD_CURRENCY));

  /* Save says why it cannot, even for fields not edited yet. */
  for (guint i = 0; i < RAPPORT_CONTRACT_N_FIELDS && first == NULL; i++)
    first = check.errors[i];

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contract.save", check.can_save);
  gtk_widget_set_tooltip_text (self->save_button, first != NULL ? first : _("Save (Ctrl+Enter)"));

  rapport_contract_check_clear (&check);
}

static void
field_changed_cb (RapportContractDialog *self,
                  GtkEditable           *editable)
{
  if (self->loading)
    return;

  if (editable == GTK_EDITABLE (self->product_row))
    self->touched |= 1u << RAPPORT_CONTRACT_FIELD_PRODUCT;
  else if (editable == GTK_EDITABLE (self->start_row))
    self->touched |= 1u << RAPPORT_CONTRACT_FIELD_START;
  else if (editable == GTK_EDITABLE (self->end_row))
    self->touched |= 1u << RAPPORT_CONTRACT_FIELD_END;
  else if (editable == GTK_EDITABLE (self->value_row))
    self->touched |= 1u << RAPPORT_CONTRACT_FIELD_VALUE;
  else if (editable == GTK_EDITABLE (self->currency_row))
    {
      /* A currency decides how many decimals the value may have. */
      self->touched |= 1u << RAPPORT_CONTRACT_FIELD_CURRENCY;
      if (*entry_text (self->value_row) != '\0')
        self->touched |= 1u << RAPPORT_CONTRACT_FIELD_VALUE;
    }

  update_state (self);
}

static void
other_changed_cb (RapportContractDialog *self)
{
  update_state (self);
}

static void
date_popover_show_cb (RapportContractDialog *self,
                      GtkPopover            *popover)
{
  gboolean start = popover == self->start_popover;
  AdwEntryRow *row = start ? self->start_row : self->end_row;
  GtkCalendar *calendar = start ? self->start_calendar : self->end_calendar;
  g_autoptr(GDateTime) date = NULL;
  char canonical[11];
  int year, month, day;

  /* The calendar opens on the date typed, when there is one. */
  if (!rapport_parse_date (entry_text (row), "date", canonical, NULL) ||
      sscanf (canonical, "%4d-%2d-%2d", &year, &month, &day) != 3)
    return;

  date = g_date_time_new_local (year, month, day, 0, 0, 0);
  if (date == NULL)
    return;

  self->syncing_calendar = TRUE;
  gtk_calendar_select_day (calendar, date);
  self->syncing_calendar = FALSE;
}

static void
date_picked_cb (RapportContractDialog *self,
                GtkCalendar           *calendar)
{
  AdwEntryRow *row = calendar == self->start_calendar ? self->start_row : self->end_row;
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *text = NULL;

  if (self->syncing_calendar)
    return;

  date = gtk_calendar_get_date (calendar);
  text = g_date_time_format (date, "%Y-%m-%d");
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportContractDialog *self = RAPPORT_CONTRACT_DIALOG (widget);
  RapportStore *store = rapport_context_get_store (self->context);
  g_autoptr(RapportContract) contract = NULL;
  g_autoptr(GError) error = NULL;
  RapportContractCheck check;
  g_autofree char *notes = NULL;
  gboolean ok;

  check_form (self, &check);
  if (!check.can_save)
    {
      rapport_contract_check_clear (&check);
      return;
    }

  if (self->contract != NULL)
    contract = rapport_contract_copy (self->contract);
  else
    {
      contract = rapport_contract_new ();
      contract->customer_id = self->customer_id;
      contract->state = RAPPORT_CONTRACT_ACTIVE;
    }

  g_free (contract->product);
  contract->product = g_strstrip (g_strdup (entry_text (self->product_row)));
  g_free (contract->start_date);
  contract->start_date = g_strdup (check.start);
  g_free (contract->end_date);
  contract->end_date = g_strdup (check.end);
  contract->value = check.value;
  g_free (contract->currency);
  contract->currency = g_steal_pointer (&check.currency);
  contract->lead_days = gtk_spin_button_get_value_as_int (self->lead_days_spin);
  contract->auto_renew = gtk_switch_get_active (self->auto_renew_switch);
  notes = rapport_form_dup_text (self->notes_view);
  g_free (contract->notes);
  contract->notes = *g_strstrip (notes) != '\0' ? g_strdup (notes) : NULL;

  rapport_contract_check_clear (&check);

  if (self->contract != NULL)
    ok = rapport_store_update_contract (store, contract, &error);
  else
    ok = rapport_store_add_contract (store, contract, &error);

  if (!ok)
    {
      show_error (self, error->message);
      return;
    }

  self->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportContractDialog *self = RAPPORT_CONTRACT_DIALOG (widget);
  RapportStore *store = rapport_context_get_store (self->context);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  DeleteUndo *undo;
  AdwToast *toast;

  if (self->contract == NULL)
    return;

  if (!rapport_store_delete_contract (store, self->contract->id, &error))
    {
      show_error (self, error->message);
      return;
    }

  if (RAPPORT_IS_WINDOW (parent))
    {
      undo = g_new0 (DeleteUndo, 1);
      undo->store = g_object_ref (store);
      g_weak_ref_init (&undo->window, parent);
      undo->contract = rapport_contract_copy (self->contract);

      /* Translators: %s is the contract's product or service */
      title = g_markup_printf_escaped (_("“%s” deleted"), self->contract->product);
      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Undo"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_delete_cb),
                             undo, delete_undo_free, 0);
      rapport_window_add_toast (RAPPORT_WINDOW (parent), toast);
    }

  self->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
discard_response_cb (RapportContractDialog *self,
                     const char            *response)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;

  self->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
rapport_contract_dialog_close_request (GtkWindow *window)
{
  RapportContractDialog *self = RAPPORT_CONTRACT_DIALOG (window);
  GtkWidget *dialog;

  if (self->done || !has_changes (self))
    return GTK_WINDOW_CLASS (rapport_contract_dialog_parent_class)->close_request (window);

  dialog = adw_message_dialog_new (window, _("Discard Changes?"),
                                   _("The contract has changes that are not saved."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static void
fill_fields (RapportContractDialog *self)
{
  RapportStore *store = rapport_context_get_store (self->context);
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  self->loading = TRUE;

  if (self->contract_id > 0)
    {
      self->contract = rapport_store_get_contract (store, self->contract_id, &error);
      if (self->contract == NULL)
        {
          show_error (self, error->message);
          gtk_widget_action_set_enabled (GTK_WIDGET (self), "contract.save", FALSE);
          self->loading = FALSE;
          return;
        }
      if (self->customer_id == 0)
        self->customer_id = self->contract->customer_id;
    }

  if (self->customer_id > 0 &&
      (customer = rapport_store_get_customer (store, self->customer_id, NULL)) != NULL)
    adw_window_title_set_subtitle (self->window_title, customer->display_name);

  if (self->contract != NULL)
    {
      RapportContract *contract = self->contract;
      g_autofree char *value = rapport_format_money_plain (contract->value, contract->currency);

      gtk_window_set_title (GTK_WINDOW (self), _("Edit Contract"));
      adw_window_title_set_title (self->window_title, _("Edit Contract"));
      gtk_editable_set_text (GTK_EDITABLE (self->product_row), contract->product);
      gtk_editable_set_text (GTK_EDITABLE (self->start_row), contract->start_date);
      gtk_editable_set_text (GTK_EDITABLE (self->end_row), contract->end_date);
      gtk_editable_set_text (GTK_EDITABLE (self->value_row), value);
      gtk_editable_set_text (GTK_EDITABLE (self->currency_row), contract->currency);
      gtk_spin_button_set_value (self->lead_days_spin, contract->lead_days);
      gtk_switch_set_active (self->auto_renew_switch, contract->auto_renew);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                                contract->notes != NULL ? contract->notes : "", -1);
      gtk_widget_set_visible (self->delete_button, TRUE);
    }
  else
    {
      g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);
      g_autoptr(GPtrArray) earlier = NULL;
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
      char next_year[11];
      /* The notice period belongs to the business: it is in the data. */
      int lead_days = rapport_store_get_default_lead_days (store);

      /* A year from today, in the currency of the customer's last contract. */
      gtk_editable_set_text (GTK_EDITABLE (self->start_row), today);
      if (rapport_date_add_years (today, 1, next_year))
        gtk_editable_set_text (GTK_EDITABLE (self->end_row), next_year);
      gtk_spin_button_set_value (self->lead_days_spin, lead_days);

      earlier = rapport_store_list_contracts (store, self->customer_id, NULL);
      if (earlier != NULL && earlier->len > 0)
        gtk_editable_set_text (GTK_EDITABLE (self->currency_row),
                               ((RapportContract *) g_ptr_array_index (earlier, 0))->currency);
    }

  self->loading = FALSE;
  self->initial = dup_fields (self);
  update_state (self);
}

static void
rapport_contract_dialog_constructed (GObject *object)
{
  RapportContractDialog *self = RAPPORT_CONTRACT_DIALOG (object);

  G_OBJECT_CLASS (rapport_contract_dialog_parent_class)->constructed (object);

  g_assert (RAPPORT_IS_CONTEXT (self->context));

  fill_fields (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->product_row));
}

static void
rapport_contract_dialog_dispose (GObject *object)
{
  RapportContractDialog *self = RAPPORT_CONTRACT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_CONTRACT_DIALOG);

  g_clear_pointer (&self->contract, rapport_contract_free);
  g_clear_pointer (&self->initial, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rapport_contract_dialog_parent_class)->dispose (object);
}

static void
rapport_contract_dialog_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RapportContractDialog *self = RAPPORT_CONTRACT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    case PROP_CONTRACT_ID:
      g_value_set_int64 (value, self->contract_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_contract_dialog_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  RapportContractDialog *self = RAPPORT_CONTRACT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_CUSTOMER_ID:
      self->customer_id = g_value_get_int64 (value);
      break;

    case PROP_CONTRACT_ID:
      self->contract_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_contract_dialog_class_init (RapportContractDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = rapport_contract_dialog_constructed;
  object_class->dispose = rapport_contract_dialog_dispose;
  object_class->get_property = rapport_contract_dialog_get_property;
  object_class->set_property = rapport_contract_dialog_set_property;

  window_class->close_request = rapport_contract_dialog_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RAPPORT_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CONTRACT_ID] =
    g_param_spec_int64 ("contract-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rapportcrm/Rapport/rapport-contract-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, product_row);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, product_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, product_error);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, start_row);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, start_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, start_error);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, start_popover);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, start_calendar);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, end_row);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, end_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, end_error);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, end_popover);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, end_calendar);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, value_row);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, value_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, value_error);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, currency_row);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, currency_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, currency_error);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, lead_days_spin);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, auto_renew_switch);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, notes_view);
  gtk_widget_class_bind_template_child (widget_class, RapportContractDialog, delete_button);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, other_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_picked_cb);

  gtk_widget_class_install_action (widget_class, "contract.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "contract.delete", NULL, delete_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "contract.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "contract.save", NULL);
}

static void
rapport_contract_dialog_init (RapportContractDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Enter in a field saves, when the form can be saved. */
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
  adw_entry_row_set_activates_default (self->product_row, TRUE);
  adw_entry_row_set_activates_default (self->start_row, TRUE);
  adw_entry_row_set_activates_default (self->end_row, TRUE);
  adw_entry_row_set_activates_default (self->value_row, TRUE);
  adw_entry_row_set_activates_default (self->currency_row, TRUE);

  g_signal_connect_object (gtk_text_view_get_buffer (self->notes_view), "changed",
                           G_CALLBACK (other_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWindow *
rapport_contract_dialog_new (GtkWindow      *parent,
                             RapportContext *context,
                             gint64          customer_id,
                             gint64          contract_id)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (customer_id > 0 || contract_id > 0, NULL);

  return g_object_new (RAPPORT_TYPE_CONTRACT_DIALOG,
                       "context", context,
                       "customer-id", customer_id,
                       "contract-id", contract_id,
                       "transient-for", parent,
                       NULL);
}
