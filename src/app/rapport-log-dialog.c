/* rapport-log-dialog.c
 *
 * The dialog reads its fields into a RapportLogForm; rapport-app-state
 * parses and checks it. A field's message shows once the field has been
 * edited, and every message after a first attempt to save.
 *
 * Editing a stored interaction fills the fields from it and keeps what the
 * form does not show (uid, outcome, case). Its moment stays exact to the
 * second unless the user changes the date or the time. A promise that
 * already has its follow-up is not offered as a follow-up again.
 */

#define G_LOG_DOMAIN "rapport-log-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-app-state.h"
#include "rapport-form.h"
#include "rapport-log-dialog.h"
#include "rapport-time.h"
#include "rapport-validate.h"

struct _RapportLogDialog
{
  AdwWindow            parent_instance;

  RapportContext      *context;
  gint64               customer_id;
  gint64               interaction_id;
  RapportCustomer     *customer;
  RapportInteraction  *interaction;         /* as stored, when editing */
  char                *filled_date;         /* what editing filled in */
  char                *filled_time;
  char                *auto_contact_point;  /* what we filled in, not the user */
  guint                touched;             /* bit per RapportLogField */
  gboolean             show_all;
  gboolean             loading;

  /* Template children */
  AdwWindowTitle      *window_title;
  GtkScrolledWindow   *scrolled_window;
  GtkLabel            *error_label;
  AdwComboRow         *channel_row;
  GtkToggleButton     *inbound_button;
  GtkToggleButton     *outbound_button;
  AdwEntryRow         *date_row;
  AdwEntryRow         *time_row;
  AdwPreferencesRow   *when_error_row;
  GtkLabel            *when_error;
  AdwEntryRow         *contact_name_row;
  AdwEntryRow         *contact_point_row;
  AdwEntryRow         *subject_row;
  AdwPreferencesRow   *subject_error_row;
  GtkLabel            *subject_error;
  GtkTextView         *body_view;
  AdwEntryRow         *action_requested_row;
  AdwEntryRow         *action_promised_row;
  AdwPreferencesRow   *promise_error_row;
  GtkLabel            *promise_error;
  AdwEntryRow         *handle_time_row;
  AdwPreferencesRow   *handle_time_error_row;
  GtkLabel            *handle_time_error;
  AdwEntryRow         *recorded_by_row;
  AdwPreferencesGroup *follow_up_group;
  GtkSwitch           *follow_up_switch;
  AdwEntryRow         *due_row;
  AdwPreferencesRow   *due_error_row;
  GtkLabel            *due_error;
};

G_DEFINE_FINAL_TYPE (RapportLogDialog, rapport_log_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CUSTOMER_ID,
  PROP_INTERACTION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The channels offered: every channel but "none", in table order. */
static RapportChannel
channel_at (guint position)
{
  guint n = 0;

  for (guint i = 0; rapport_channel_info[i].key != NULL; i++)
    {
      if (rapport_channel_info[i].value == RAPPORT_CHANNEL_NONE)
        continue;
      if (n++ == position)
        return rapport_channel_info[i].value;
    }

  return RAPPORT_CHANNEL_NONE;
}

static guint
position_of_channel (RapportChannel channel)
{
  guint n = 0;

  for (guint i = 0; rapport_channel_info[i].key != NULL; i++)
    {
      if (rapport_channel_info[i].value == RAPPORT_CHANNEL_NONE)
        continue;
      if (rapport_channel_info[i].value == (int) channel)
        return n;
      n++;
    }

  return 0;
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
show_error (RapportLogDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);

  if (message != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
    }
}

static const char *
customer_zone (RapportLogDialog *self)
{
  if (self->customer == NULL || self->customer->time_zone == NULL ||
      !rapport_validate_time_zone (self->customer->time_zone, "time zone", NULL))
    return NULL;

  return self->customer->time_zone;
}

static void
check_form (RapportLogDialog *self,
            RapportLogCheck  *check)
{
  g_autofree char *body = rapport_form_dup_text (self->body_view);
  RapportLogForm form = { 0 };

  form.channel = channel_at (adw_combo_row_get_selected (self->channel_row));
  form.date = entry_text (self->date_row);
  form.time = entry_text (self->time_row);
  form.subject = entry_text (self->subject_row);
  form.body = body;
  form.action_promised = entry_text (self->action_promised_row);
  form.handle_time = entry_text (self->handle_time_row);
  form.follow_up = gtk_switch_get_active (self->follow_up_switch);
  form.follow_up_due = entry_text (self->due_row);
  form.time_zone = customer_zone (self);

  rapport_log_form_check (&form, check);
}

static const char *
shown_error (RapportLogDialog *self,
             RapportLogCheck  *check,
             RapportLogField   field)
{
  if (self->show_all || (self->touched & (1u << field)) != 0)
    return check->errors[field];

  return NULL;
}

static void
update_state (RapportLogDialog *self)
{
  RapportLogCheck check;

  if (self->loading)
    return;

  check_form (self, &check);

  rapport_form_set_field_error (GTK_WIDGET (self->time_row), self->when_error_row, self->when_error,
                   shown_error (self, &check, RAPPORT_LOG_FIELD_WHEN));
  rapport_form_set_field_error (GTK_WIDGET (self->subject_row), self->subject_error_row, self->subject_error,
                   shown_error (self, &check, RAPPORT_LOG_FIELD_SUBJECT));
  rapport_form_set_field_error (GTK_WIDGET (self->action_promised_row), self->promise_error_row, self->promise_error,
                   shown_error (self, &check, RAPPORT_LOG_FIELD_PROMISE));
  rapport_form_set_field_error (GTK_WIDGET (self->handle_time_row), self->handle_time_error_row, self->handle_time_error,
                   shown_error (self, &check, RAPPORT_LOG_FIELD_HANDLE_TIME));
  rapport_form_set_field_error (GTK_WIDGET (self->due_row), self->due_error_row, self->due_error,
                   shown_error (self, &check, RAPPORT_LOG_FIELD_FOLLOW_UP_DUE));

  rapport_log_check_clear (&check);
}

static void
field_changed_cb (RapportLogDialog *self,
                  GtkEditable      *editable)
{
  if (self->loading)
    return;

  if (editable == GTK_EDITABLE (self->date_row) || editable == GTK_EDITABLE (self->time_row))
    self->touched |= 1u << RAPPORT_LOG_FIELD_WHEN;
  else if (editable == GTK_EDITABLE (self->subject_row))
    self->touched |= 1u << RAPPORT_LOG_FIELD_SUBJECT;
  else if (editable == GTK_EDITABLE (self->action_promised_row))
    self->touched |= 1u << RAPPORT_LOG_FIELD_PROMISE;
  else if (editable == GTK_EDITABLE (self->handle_time_row))
    self->touched |= 1u << RAPPORT_LOG_FIELD_HANDLE_TIME;
  else if (editable == GTK_EDITABLE (self->due_row))
    self->touched |= 1u << RAPPORT_LOG_FIELD_FOLLOW_UP_DUE;

  update_state (self);
}

static const char *
contact_point_for (RapportLogDialog *self,
                   RapportChannel    channel)
{
  if (self->customer == NULL)
    return NULL;

  switch (channel)
    {
    case RAPPORT_CHANNEL_PHONE:
    case RAPPORT_CHANNEL_SMS:
    case RAPPORT_CHANNEL_MESSAGING:
      return rapport_customer_get_phone (self->customer);

    case RAPPORT_CHANNEL_EMAIL:
      return rapport_customer_get_email (self->customer);

    case RAPPORT_CHANNEL_NONE:
    case RAPPORT_CHANNEL_SOCIAL:
    case RAPPORT_CHANNEL_CHAT:
    case RAPPORT_CHANNEL_VIDEO:
    case RAPPORT_CHANNEL_IN_PERSON:
    case RAPPORT_CHANNEL_LETTER:
    default:
      return NULL;
    }
}

static void
channel_changed_cb (RapportLogDialog *self)
{
  const char *current = entry_text (self->contact_point_row);
  const char *suggested;

  /* Follow the channel with the customer's number or address, unless the
   * user typed one of their own. */
  if (*current == '\0' || g_strcmp0 (current, self->auto_contact_point) == 0)
    {
      suggested = contact_point_for (self, channel_at (adw_combo_row_get_selected (self->channel_row)));
      g_free (self->auto_contact_point);
      self->auto_contact_point = g_strdup (suggested != NULL ? suggested : "");
      gtk_editable_set_text (GTK_EDITABLE (self->contact_point_row), self->auto_contact_point);
    }

  update_state (self);
}

static void
follow_up_toggled_cb (RapportLogDialog *self)
{
  gboolean active = gtk_switch_get_active (self->follow_up_switch);

  gtk_widget_set_visible (GTK_WIDGET (self->due_row), active);
  if (active)
    gtk_widget_grab_focus (GTK_WIDGET (self->due_row));

  update_state (self);
}

static GtkWidget *
first_invalid_field (RapportLogDialog *self,
                     RapportLogCheck  *check)
{
  if (check->errors[RAPPORT_LOG_FIELD_CHANNEL] != NULL)
    return GTK_WIDGET (self->channel_row);
  if (check->errors[RAPPORT_LOG_FIELD_WHEN] != NULL)
    return GTK_WIDGET (self->date_row);
  if (check->errors[RAPPORT_LOG_FIELD_SUBJECT] != NULL)
    return GTK_WIDGET (self->subject_row);
  if (check->errors[RAPPORT_LOG_FIELD_PROMISE] != NULL)
    return GTK_WIDGET (self->action_promised_row);
  if (check->errors[RAPPORT_LOG_FIELD_HANDLE_TIME] != NULL)
    return GTK_WIDGET (self->handle_time_row);

  return GTK_WIDGET (self->due_row);
}

static char *
dup_trimmed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (entry_text (row)));
}

/* The moment as the form says it, but exactly as stored while the user
 * left the date and the time alone. */
static gint64
form_when (RapportLogDialog *self,
           RapportLogCheck  *check)
{
  if (self->interaction != NULL &&
      g_strcmp0 (entry_text (self->date_row), self->filled_date) == 0 &&
      g_strcmp0 (entry_text (self->time_row), self->filled_time) == 0)
    return self->interaction->when;

  return check->when;
}

static RapportInteraction *
build_interaction (RapportLogDialog *self,
                   RapportLogCheck  *check)
{
  RapportInteraction *interaction;

  if (self->interaction != NULL)
    {
      interaction = rapport_interaction_copy (self->interaction);
      g_clear_pointer (&interaction->contact_name, g_free);
      g_clear_pointer (&interaction->contact_point, g_free);
      g_clear_pointer (&interaction->subject, g_free);
      g_clear_pointer (&interaction->body, g_free);
      g_clear_pointer (&interaction->action_requested, g_free);
      g_clear_pointer (&interaction->action_promised, g_free);
      g_clear_pointer (&interaction->recorded_by, g_free);
    }
  else
    {
      interaction = rapport_interaction_new ();
      interaction->customer_id = self->customer_id;
    }

  interaction->when = form_when (self, check);
  interaction->channel = channel_at (adw_combo_row_get_selected (self->channel_row));
  interaction->direction = gtk_toggle_button_get_active (self->outbound_button)
                           ? RAPPORT_DIRECTION_OUTBOUND : RAPPORT_DIRECTION_INBOUND;
  interaction->contact_name = dup_trimmed (self->contact_name_row);
  interaction->contact_point = dup_trimmed (self->contact_point_row);
  interaction->subject = dup_trimmed (self->subject_row);
  interaction->body = rapport_form_dup_text (self->body_view);
  interaction->action_requested = dup_trimmed (self->action_requested_row);
  interaction->action_promised = dup_trimmed (self->action_promised_row);
  interaction->recorded_by = dup_trimmed (self->recorded_by_row);
  interaction->handle_time = check->handle_time;

  return interaction;
}

/* Puts the store back as it was before this save wrote @interaction. */
static void
take_back (RapportLogDialog   *self,
           RapportInteraction *interaction)
{
  RapportStore *store = rapport_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->interaction != NULL)
    {
      g_autoptr(RapportInteraction) before = rapport_interaction_copy (self->interaction);

      ok = rapport_store_update_interaction (store, before, &error);
    }
  else
    ok = rapport_store_delete_interaction (store, interaction->id, &error);

  if (!ok)
    g_warning ("Could not take interaction %" G_GINT64_FORMAT " back: %s",
               interaction->id, error->message);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportLogDialog *self = RAPPORT_LOG_DIALOG (widget);
  RapportStore *store = rapport_context_get_store (self->context);
  g_autoptr(RapportInteraction) interaction = NULL;
  g_autoptr(GError) error = NULL;
  RapportLogCheck check;
  gboolean ok;

  check_form (self, &check);

  if (!check.can_save)
    {
      self->show_all = TRUE;
      update_state (self);
      gtk_widget_grab_focus (first_invalid_field (self, &check));
      rapport_log_check_clear (&check);
      return;
    }

  interaction = build_interaction (self, &check);

  if (self->interaction != NULL)
    ok = rapport_store_update_interaction (store, interaction, &error);
  else
    ok = rapport_store_add_interaction (store, interaction, &error);

  if (!ok)
    {
      show_error (self, error->message);
      rapport_log_check_clear (&check);
      return;
    }

  if (gtk_widget_get_visible (GTK_WIDGET (self->follow_up_group)) &&
      gtk_switch_get_active (self->follow_up_switch))
    {
      g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();
      g_autoptr(GTimeZone) tz = rapport_time_zone_new (customer_zone (self));

      follow_up->customer_id = interaction->customer_id;
      follow_up->due = check.follow_up_due;
      follow_up->time_zone = g_strdup (g_time_zone_get_identifier (tz));
      follow_up->title = g_strdup (interaction->action_promised);
      follow_up->notes = g_strdup (interaction->subject);
      follow_up->origin_interaction_id = interaction->id;
      follow_up->owner = g_strdup (interaction->recorded_by);

      if (!rapport_store_add_follow_up (store, follow_up, &error))
        {
          /* Nothing half-written. */
          take_back (self, interaction);
          show_error (self, error->message);
          rapport_log_check_clear (&check);
          return;
        }
    }

  rapport_log_check_clear (&check);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
fill_defaults (RapportLogDialog *self)
{
  GSettings *settings = rapport_context_get_settings (self->context);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *setting = NULL;
  g_autofree char *recorded_by = NULL;
  g_autofree char *date = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *due = NULL;
  RapportChannel channel = RAPPORT_CHANNEL_PHONE;
  int start = 9 * 60;

  if (self->interaction_id > 0)
    {
      self->interaction = rapport_store_get_interaction (rapport_context_get_store (self->context),
                                                         self->interaction_id, &error);
      if (self->interaction == NULL)
        {
          show_error (self, error->message);
          gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.save", FALSE);
          return;
        }

      self->customer_id = self->interaction->customer_id;
    }

  self->customer = rapport_store_get_customer (rapport_context_get_store (self->context),
                                               self->customer_id, &error);
  if (self->customer == NULL)
    show_error (self, error->message);
  else
    {
      adw_window_title_set_subtitle (self->window_title, self->customer->display_name);
      if (self->customer->preferred_channel != RAPPORT_CHANNEL_NONE)
        channel = self->customer->preferred_channel;
    }

  g_object_get (settings, "settings-schema", &schema, NULL);
  if (schema != NULL && g_settings_schema_has_key (schema, "recorded-by"))
    setting = g_settings_get_string (settings, "recorded-by");
  if (schema != NULL && g_settings_schema_has_key (schema, "work-day-start"))
    start = g_settings_get_int (settings, "work-day-start");

  recorded_by = rapport_default_recorded_by (setting);
  date = g_date_time_format (now, "%Y-%m-%d");
  clock = g_date_time_format (now, "%H:%M");
  due = rapport_default_follow_up_due (now, customer_zone (self), start);

  self->loading = TRUE;

  gtk_editable_set_text (GTK_EDITABLE (self->recorded_by_row), recorded_by);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), clock);
  gtk_editable_set_text (GTK_EDITABLE (self->due_row), due);

  if (customer_zone (self) != NULL)
    {
      /* Translators: %s is a time zone such as Africa/Lagos */
      g_autofree char *title = g_strdup_printf (_("Due, Their Time in %s (YYYY-MM-DD HH:MM)"),
                                                customer_zone (self));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->due_row), title);
    }

  self->loading = FALSE;

  adw_combo_row_set_selected (self->channel_row, position_of_channel (channel));
  channel_changed_cb (self);
}

/* A follow-up that already keeps this interaction's promise. */
static gboolean
has_linked_follow_up (RapportLogDialog *self)
{
  g_autoptr(GPtrArray) follow_ups = NULL;
  g_autoptr(GError) error = NULL;

  follow_ups = rapport_store_list_follow_ups (rapport_context_get_store (self->context),
                                              self->customer_id, FALSE, &error);
  if (follow_ups == NULL)
    {
      g_warning ("Could not list follow-ups: %s", error->message);
      return FALSE;
    }

  for (guint i = 0; i < follow_ups->len; i++)
    {
      RapportFollowUp *follow_up = g_ptr_array_index (follow_ups, i);

      if (follow_up->origin_interaction_id == self->interaction_id)
        return TRUE;
    }

  return FALSE;
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static void
fill_from_interaction (RapportLogDialog *self)
{
  RapportInteraction *interaction = self->interaction;
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (interaction->when);
  g_autofree char *handle_time = NULL;

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Interaction"));
  adw_window_title_set_title (self->window_title, _("Edit Interaction"));

  /* The channel first: it suggests a contact point the stored one replaces. */
  adw_combo_row_set_selected (self->channel_row, position_of_channel (interaction->channel));
  g_clear_pointer (&self->auto_contact_point, g_free);

  self->loading = TRUE;

  self->filled_date = g_date_time_format (when, "%Y-%m-%d");
  self->filled_time = g_date_time_format (when, "%H:%M");
  if (interaction->handle_time > 0)
    handle_time = rapport_format_duration (interaction->handle_time);

  set_text (self->date_row, self->filled_date);
  set_text (self->time_row, self->filled_time);
  set_text (self->contact_name_row, interaction->contact_name);
  set_text (self->contact_point_row, interaction->contact_point);
  set_text (self->subject_row, interaction->subject);
  set_text (self->action_requested_row, interaction->action_requested);
  set_text (self->action_promised_row, interaction->action_promised);
  set_text (self->handle_time_row, handle_time);
  set_text (self->recorded_by_row, interaction->recorded_by);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view),
                            interaction->body != NULL ? interaction->body : "", -1);

  if (interaction->direction == RAPPORT_DIRECTION_OUTBOUND)
    gtk_toggle_button_set_active (self->outbound_button, TRUE);
  else
    gtk_toggle_button_set_active (self->inbound_button, TRUE);

  if (has_linked_follow_up (self))
    {
      gtk_switch_set_active (self->follow_up_switch, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->follow_up_group), FALSE);
    }

  self->loading = FALSE;

  update_state (self);
}

static void
rapport_log_dialog_constructed (GObject *object)
{
  RapportLogDialog *self = (RapportLogDialog *)object;

  G_OBJECT_CLASS (rapport_log_dialog_parent_class)->constructed (object);

  g_assert (RAPPORT_IS_CONTEXT (self->context));

  fill_defaults (self);
  if (self->interaction != NULL)
    fill_from_interaction (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->subject_row));
}

static void
rapport_log_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_LOG_DIALOG);

  G_OBJECT_CLASS (rapport_log_dialog_parent_class)->dispose (object);
}

static void
rapport_log_dialog_finalize (GObject *object)
{
  RapportLogDialog *self = (RapportLogDialog *)object;

  g_clear_pointer (&self->customer, rapport_customer_free);
  g_clear_pointer (&self->interaction, rapport_interaction_free);
  g_clear_pointer (&self->auto_contact_point, g_free);
  g_clear_pointer (&self->filled_date, g_free);
  g_clear_pointer (&self->filled_time, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rapport_log_dialog_parent_class)->finalize (object);
}

static void
rapport_log_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RapportLogDialog *self = RAPPORT_LOG_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    case PROP_INTERACTION_ID:
      g_value_set_int64 (value, self->interaction_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_log_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RapportLogDialog *self = RAPPORT_LOG_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_CUSTOMER_ID:
      self->customer_id = g_value_get_int64 (value);
      break;

    case PROP_INTERACTION_ID:
      self->interaction_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_log_dialog_class_init (RapportLogDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rapport_log_dialog_constructed;
  object_class->dispose = rapport_log_dialog_dispose;
  object_class->finalize = rapport_log_dialog_finalize;
  object_class->get_property = rapport_log_dialog_get_property;
  object_class->set_property = rapport_log_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RAPPORT_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_INTERACTION_ID] =
    g_param_spec_int64 ("interaction-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rapportcrm/Rapport/rapport-log-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, inbound_button);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, outbound_button);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, when_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, when_error);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, contact_name_row);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, contact_point_row);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, subject_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, subject_error);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, body_view);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, action_requested_row);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, action_promised_row);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, promise_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, promise_error);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, handle_time_row);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, handle_time_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, handle_time_error);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, recorded_by_row);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, follow_up_group);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, follow_up_switch);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, due_row);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, due_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportLogDialog, due_error);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, channel_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, follow_up_toggled_cb);

  gtk_widget_class_install_action (widget_class, "log.save", NULL, save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "log.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "log.save", NULL);
}

static void
rapport_log_dialog_init (RapportLogDialog *self)
{
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; rapport_channel_info[i].key != NULL; i++)
    if (rapport_channel_info[i].value != RAPPORT_CHANNEL_NONE)
      gtk_string_list_append (channels, _(rapport_channel_info[i].label));

  self->loading = TRUE;
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (channels));
  self->loading = FALSE;
}

GtkWindow *
rapport_log_dialog_new (GtkWindow      *parent,
                        RapportContext *context,
                        gint64          customer_id)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (customer_id > 0, NULL);

  return g_object_new (RAPPORT_TYPE_LOG_DIALOG,
                       "context", context,
                       "customer-id", customer_id,
                       "transient-for", parent,
                       NULL);
}

GtkWindow *
rapport_log_dialog_new_for_interaction (GtkWindow      *parent,
                                        RapportContext *context,
                                        gint64          interaction_id)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (interaction_id > 0, NULL);

  return g_object_new (RAPPORT_TYPE_LOG_DIALOG,
                       "context", context,
                       "interaction-id", interaction_id,
                       "transient-for", parent,
                       NULL);
}
