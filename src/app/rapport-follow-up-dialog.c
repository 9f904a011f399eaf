/* rapport-follow-up-dialog.c
 *
 * The fields are read back and checked by rapport_follow_up_form_check;
 * a field's message shows once it has been edited, and every message
 * after a first attempt to save.
 */

#define G_LOG_DOMAIN "rapport-follow-up-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-app-state.h"
#include "rapport-form.h"
#include "rapport-follow-up-dialog.h"
#include "rapport-time.h"
#include "rapport-validate.h"

struct _RapportFollowUpDialog
{
  AdwWindow          parent_instance;

  RapportContext    *context;
  gint64             customer_id;
  gint64             follow_up_id;
  RapportFollowUp   *follow_up;      /* as stored, when editing */
  gboolean           custom_repeat;  /* the stored RRULE is none of ours */
  guint              touched;        /* bit per RapportFollowUpField */
  gboolean           show_all;
  gboolean           loading;

  /* Template children */
  AdwWindowTitle    *window_title;
  GtkScrolledWindow *scrolled_window;
  GtkLabel          *error_label;
  AdwEntryRow       *title_row;
  AdwPreferencesRow *title_error_row;
  GtkLabel          *title_error;
  AdwEntryRow       *due_row;
  AdwPreferencesRow *due_error_row;
  GtkLabel          *due_error;
  AdwEntryRow       *time_zone_row;
  AdwPreferencesRow *time_zone_error_row;
  GtkLabel          *time_zone_error;
  AdwComboRow       *priority_row;
  AdwComboRow       *repeat_row;
  GtkStringList     *repeat_model;
  GtkTextView       *notes_view;
};

G_DEFINE_FINAL_TYPE (RapportFollowUpDialog, rapport_follow_up_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CUSTOMER_ID,
  PROP_FOLLOW_UP_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
show_error (RapportFollowUpDialog *self,
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
check_form (RapportFollowUpDialog *self,
            RapportFollowUpCheck  *check)
{
  rapport_follow_up_form_check (entry_text (self->title_row),
                                entry_text (self->due_row),
                                entry_text (self->time_zone_row),
                                check);
}

static const char *
shown_error (RapportFollowUpDialog *self,
             RapportFollowUpCheck  *check,
             RapportFollowUpField   field)
{
  if (self->show_all || (self->touched & (1u << field)) != 0)
    return check->errors[field];

  return NULL;
}

static void
update_state (RapportFollowUpDialog *self)
{
  RapportFollowUpCheck check;

  if (self->loading)
    return;

  check_form (self, &check);

  rapport_form_set_field_error (GTK_WIDGET (self->title_row), self->title_error_row, self->title_error,
                   shown_error (self, &check, RAPPORT_FOLLOW_UP_FIELD_TITLE));
  rapport_form_set_field_error (GTK_WIDGET (self->due_row), self->due_error_row, self->due_error,
                   shown_error (self, &check, RAPPORT_FOLLOW_UP_FIELD_DUE));
  rapport_form_set_field_error (GTK_WIDGET (self->time_zone_row), self->time_zone_error_row, self->time_zone_error,
                   shown_error (self, &check, RAPPORT_FOLLOW_UP_FIELD_TIME_ZONE));

  rapport_follow_up_check_clear (&check);
}

static void
field_changed_cb (RapportFollowUpDialog *self,
                  GtkEditable           *editable)
{
  if (self->loading)
    return;

  if (editable == GTK_EDITABLE (self->title_row))
    self->touched |= 1u << RAPPORT_FOLLOW_UP_FIELD_TITLE;
  else if (editable == GTK_EDITABLE (self->due_row))
    self->touched |= 1u << RAPPORT_FOLLOW_UP_FIELD_DUE;
  else if (editable == GTK_EDITABLE (self->time_zone_row))
    self->touched |= 1u << RAPPORT_FOLLOW_UP_FIELD_TIME_ZONE;

  update_state (self);
}

static char *
dup_trimmed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (entry_text (row)));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportFollowUpDialog *self = RAPPORT_FOLLOW_UP_DIALOG (widget);
  RapportStore *store = rapport_context_get_store (self->context);
  g_autoptr(RapportFollowUp) follow_up = NULL;
  g_autoptr(GError) error = NULL;
  RapportFollowUpCheck check;
  RapportRepeat repeat;
  gboolean ok;

  check_form (self, &check);

  if (!check.can_save)
    {
      self->show_all = TRUE;
      update_state (self);
      if (check.errors[RAPPORT_FOLLOW_UP_FIELD_TITLE] != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
      else if (check.errors[RAPPORT_FOLLOW_UP_FIELD_DUE] != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (self->due_row));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->time_zone_row));
      rapport_follow_up_check_clear (&check);
      return;
    }

  if (self->follow_up != NULL)
    follow_up = rapport_follow_up_copy (self->follow_up);
  else
    {
      follow_up = rapport_follow_up_new ();
      follow_up->customer_id = self->customer_id;
      follow_up->state = RAPPORT_FOLLOW_UP_OPEN;
    }

  /* A new due time replaces any snooze. */
  if (follow_up->due != check.due)
    follow_up->snoozed_until = 0;

  g_free (follow_up->title);
  follow_up->title = dup_trimmed (self->title_row);
  follow_up->due = check.due;
  g_free (follow_up->time_zone);
  follow_up->time_zone = g_steal_pointer (&check.time_zone);
  g_free (follow_up->notes);
  follow_up->notes = rapport_form_dup_text (self->notes_view);
  follow_up->priority = rapport_priority_from_choice (adw_combo_row_get_selected (self->priority_row));

  repeat = (RapportRepeat) adw_combo_row_get_selected (self->repeat_row);
  if (repeat != RAPPORT_REPEAT_CUSTOM)
    {
      g_free (follow_up->rrule);
      follow_up->rrule = g_strdup (rapport_repeat_to_rrule (repeat));
    }

  rapport_follow_up_check_clear (&check);

  if (self->follow_up != NULL)
    ok = rapport_store_update_follow_up (store, follow_up, &error);
  else
    ok = rapport_store_add_follow_up (store, follow_up, &error);

  if (!ok)
    {
      show_error (self, error->message);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
fill_fields (RapportFollowUpDialog *self)
{
  RapportStore *store = rapport_context_get_store (self->context);
  GSettings *settings = rapport_context_get_settings (self->context);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);
  g_autoptr(GError) error = NULL;
  int start = 9 * 60;

  self->loading = TRUE;

  if (self->follow_up_id > 0)
    {
      self->follow_up = rapport_store_get_follow_up (store, self->follow_up_id, &error);
      if (self->follow_up == NULL)
        {
          show_error (self, error->message);
          gtk_widget_action_set_enabled (GTK_WIDGET (self), "follow-up.save", FALSE);
          self->loading = FALSE;
          return;
        }
      if (self->customer_id == 0)
        self->customer_id = self->follow_up->customer_id;
    }

  if (self->customer_id > 0)
    {
      customer = rapport_store_get_customer (store, self->customer_id, NULL);
      if (customer != NULL)
        adw_window_title_set_subtitle (self->window_title, customer->display_name);
    }

  if (self->follow_up != NULL)
    {
      RapportFollowUp *follow_up = self->follow_up;
      g_autofree char *due = rapport_format_date_time_entry (rapport_follow_up_get_effective_due (follow_up),
                                                             follow_up->time_zone);
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
      RapportRepeat repeat = rapport_repeat_from_rrule (follow_up->rrule);

      gtk_window_set_title (GTK_WINDOW (self), _("Edit Follow-up"));
      adw_window_title_set_title (self->window_title, _("Edit Follow-up"));
      gtk_editable_set_text (GTK_EDITABLE (self->title_row), follow_up->title);
      gtk_editable_set_text (GTK_EDITABLE (self->due_row), due);
      gtk_editable_set_text (GTK_EDITABLE (self->time_zone_row),
                             follow_up->time_zone != NULL ? follow_up->time_zone : "");
      gtk_text_buffer_set_text (buffer, follow_up->notes != NULL ? follow_up->notes : "", -1);
      adw_combo_row_set_selected (self->priority_row, rapport_priority_to_choice (follow_up->priority));

      if (repeat == RAPPORT_REPEAT_CUSTOM)
        {
          /* Translators: %s is an iCalendar recurrence rule, such as
           * FREQ=WEEKLY;BYDAY=MO,TH */
          g_autofree char *custom = g_strdup_printf (_("As Set Elsewhere (%s)"), follow_up->rrule);

          gtk_string_list_append (self->repeat_model, custom);
          self->custom_repeat = TRUE;
        }
      adw_combo_row_set_selected (self->repeat_row, repeat);
    }
  else
    {
      g_autoptr(GTimeZone) tz = NULL;
      g_autofree char *due = NULL;
      const char *zone = NULL;

      if (customer != NULL && customer->time_zone != NULL &&
          rapport_validate_time_zone (customer->time_zone, "time zone", NULL))
        zone = customer->time_zone;
      tz = rapport_time_zone_new (zone);

      g_object_get (settings, "settings-schema", &schema, NULL);
      if (schema != NULL && g_settings_schema_has_key (schema, "work-day-start"))
        start = g_settings_get_int (settings, "work-day-start");

      due = rapport_default_follow_up_due (now, zone, start);
      gtk_editable_set_text (GTK_EDITABLE (self->due_row), due);
      gtk_editable_set_text (GTK_EDITABLE (self->time_zone_row), g_time_zone_get_identifier (tz));
    }

  self->loading = FALSE;
}

static void
rapport_follow_up_dialog_constructed (GObject *object)
{
  RapportFollowUpDialog *self = (RapportFollowUpDialog *)object;

  G_OBJECT_CLASS (rapport_follow_up_dialog_parent_class)->constructed (object);

  g_assert (RAPPORT_IS_CONTEXT (self->context));

  fill_fields (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

static void
rapport_follow_up_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_FOLLOW_UP_DIALOG);

  G_OBJECT_CLASS (rapport_follow_up_dialog_parent_class)->dispose (object);
}

static void
rapport_follow_up_dialog_finalize (GObject *object)
{
  RapportFollowUpDialog *self = (RapportFollowUpDialog *)object;

  g_clear_pointer (&self->follow_up, rapport_follow_up_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rapport_follow_up_dialog_parent_class)->finalize (object);
}

static void
rapport_follow_up_dialog_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  RapportFollowUpDialog *self = RAPPORT_FOLLOW_UP_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    case PROP_FOLLOW_UP_ID:
      g_value_set_int64 (value, self->follow_up_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_follow_up_dialog_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  RapportFollowUpDialog *self = RAPPORT_FOLLOW_UP_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_CUSTOMER_ID:
      self->customer_id = g_value_get_int64 (value);
      break;

    case PROP_FOLLOW_UP_ID:
      self->follow_up_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_follow_up_dialog_class_init (RapportFollowUpDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rapport_follow_up_dialog_constructed;
  object_class->dispose = rapport_follow_up_dialog_dispose;
  object_class->finalize = rapport_follow_up_dialog_finalize;
  object_class->get_property = rapport_follow_up_dialog_get_property;
  object_class->set_property = rapport_follow_up_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RAPPORT_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FOLLOW_UP_ID] =
    g_param_spec_int64 ("follow-up-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rapportcrm/Rapport/rapport-follow-up-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpDialog, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpDialog, title_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpDialog, title_error);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpDialog, due_row);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpDialog, due_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpDialog, due_error);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpDialog, time_zone_row);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpDialog, time_zone_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpDialog, time_zone_error);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpDialog, priority_row);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpDialog, repeat_model);
  gtk_widget_class_bind_template_child (widget_class, RapportFollowUpDialog, notes_view);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_install_action (widget_class, "follow-up.save", NULL, save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "follow-up.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "follow-up.save", NULL);
}

static void
rapport_follow_up_dialog_init (RapportFollowUpDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
rapport_follow_up_dialog_new (GtkWindow      *parent,
                              RapportContext *context,
                              gint64          customer_id,
                              gint64          follow_up_id)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (customer_id > 0 || follow_up_id > 0, NULL);

  return g_object_new (RAPPORT_TYPE_FOLLOW_UP_DIALOG,
                       "context", context,
                       "customer-id", customer_id,
                       "follow-up-id", follow_up_id,
                       "transient-for", parent,
                       NULL);
}
