/* rapport-cases-view.c */

#define G_LOG_DOMAIN "rapport-cases-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-case-dialog.h"
#include "rapport-case-state.h"
#include "rapport-cases-view.h"
#include "rapport-section.h"
#include "rapport-window.h"

#define N_GROUPS 3

typedef struct
{
  GtkWidget  *box;
  GtkLabel   *count;
  GtkListBox *list;
} CaseGroup;

typedef struct
{
  char   *name;
  gint64  target;   /* first-response target in seconds, 0: none */
} CustomerInfo;

struct _RapportCasesView
{
  GtkWidget          parent_instance;

  RapportContext    *context;
  gboolean           narrow;
  CaseGroup          groups[N_GROUPS];
  GHashTable        *listed;          /* id -> RapportCase, the rows shown */
  guint              reload_id;
  gboolean           dirty;
  gint64             dialog_case_id;  /* the case the resolve or escalate dialog is for */

  AdwWindowTitle    *title;
  GtkStack          *stack;
  GtkScrolledWindow *scrolled_window;
  GtkWidget         *open_group;
  GtkLabel          *open_count;
  GtkListBox        *open_list;
  GtkWidget         *escalated_group;
  GtkLabel          *escalated_count;
  GtkListBox        *escalated_list;
  GtkWidget         *resolved_group;
  GtkLabel          *resolved_count;
  GtkListBox        *resolved_list;
  AdwMessageDialog  *resolve_dialog;
  AdwComboRow       *resolution_row;
  GtkStringList     *resolution_model;
  AdwEntryRow       *resolution_notes_row;
  AdwMessageDialog  *escalate_dialog;
  AdwEntryRow       *escalated_to_row;
  AdwComboRow       *escalation_channel_row;
};

G_DEFINE_FINAL_TYPE (RapportCasesView, rapport_cases_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The escalation choices, in the order of the dialog's list: how the
 * case was referred (face to face, writing, phone, email). */
static const RapportChannel escalation_channels[] = {
  RAPPORT_CHANNEL_IN_PERSON,
  RAPPORT_CHANNEL_LETTER,
  RAPPORT_CHANNEL_PHONE,
  RAPPORT_CHANNEL_EMAIL,
};

static RapportCase *
case_copy (const RapportCase *kase)
{
  RapportCase *copy = rapport_case_new ();

  copy->id = kase->id;
  copy->uid = g_strdup (kase->uid);
  copy->customer_id = kase->customer_id;
  copy->opened_at = kase->opened_at;
  copy->category = kase->category;
  copy->summary = g_strdup (kase->summary);
  copy->description = g_strdup (kase->description);
  copy->severity = kase->severity;
  copy->state = kase->state;
  copy->first_response_at = kase->first_response_at;
  copy->resolved_at = kase->resolved_at;
  copy->resolution = kase->resolution;
  copy->resolution_notes = g_strdup (kase->resolution_notes);
  copy->escalated_to = g_strdup (kase->escalated_to);
  copy->escalation_channel = kase->escalation_channel;
  copy->created = kase->created;
  copy->modified = kase->modified;

  return copy;
}

static void
customer_info_free (CustomerInfo *info)
{
  g_free (info->name);
  g_free (info);
}

/* What an Undo needs after the view may be gone: the store outlives it. */
typedef struct
{
  RapportStore *store;
  GWeakRef      window;
  RapportCase  *before;   /* the case as it was */
} Undo;

static Undo *
undo_new (RapportCasesView  *self,
          const RapportCase *before)
{
  Undo *undo = g_new0 (Undo, 1);

  undo->store = g_object_ref (rapport_context_get_store (self->context));
  g_weak_ref_init (&undo->window, gtk_widget_get_root (GTK_WIDGET (self)));
  undo->before = case_copy (before);

  return undo;
}

static void
undo_free (gpointer  data,
           GClosure *closure)
{
  Undo *undo = data;

  g_clear_object (&undo->store);
  g_weak_ref_clear (&undo->window);
  g_clear_pointer (&undo->before, rapport_case_free);
  g_free (undo);
}

/* Puts back the case as it was before a Resolve or an Escalate. */
static void
undo_update_cb (AdwToast *toast,
                Undo     *undo)
{
  g_autoptr(RapportCase) kase = case_copy (undo->before);
  g_autoptr(GError) error = NULL;

  if (!rapport_store_update_case (undo->store, kase, &error))
    {
      g_autoptr(GtkRoot) root = g_weak_ref_get (&undo->window);

      rapport_window_toast_error (root, _("Could not undo the change"), error);
    }
}

static void
undo_delete_cb (AdwToast *toast,
                Undo     *undo)
{
  g_autoptr(RapportCase) copy = case_copy (undo->before);
  g_autoptr(GError) error = NULL;

  copy->id = 0;
  if (!rapport_store_add_case (undo->store, copy, &error))
    {
      g_autoptr(GtkRoot) root = g_weak_ref_get (&undo->window);

      rapport_window_toast_error (root, _("Could not restore the case"), error);
    }
}

static GtkRoot *
get_root (RapportCasesView *self)
{
  return gtk_widget_get_root (GTK_WIDGET (self));
}

static GtkWindow *
get_window (RapportCasesView *self)
{
  GtkRoot *root = get_root (self);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static const RapportCase *
lookup (RapportCasesView *self,
        gint64            id)
{
  return g_hash_table_lookup (self->listed, &id);
}

static gboolean
customer_link_cb (GtkLabel   *label,
                  const char *uri,
                  gpointer    user_data)
{
  gint64 customer_id;

  if (!g_str_has_prefix (uri, "customer:"))
    return FALSE;

  customer_id = g_ascii_strtoll (uri + strlen ("customer:"), NULL, 10);
  gtk_widget_activate_action (GTK_WIDGET (label), "case.open-customer", "x", customer_id);

  return TRUE;
}

/* Menus are made when first opened: many rows, few menus used. */
static void
create_more_menu_cb (GtkMenuButton *button,
                     gpointer       user_data)
{
  RapportCasesView *self = RAPPORT_CASES_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                         RAPPORT_TYPE_CASES_VIEW));
  const RapportCase *kase = lookup (self, *(gint64 *) user_data);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) change = g_menu_new ();
  g_autoptr(GMenu) remove = g_menu_new ();

  if (kase == NULL)
    return;

  rapport_section_menu_append (change, _("_Edit…"), "case.edit", kase->id);
  if (!rapport_case_state_is_resolved (kase->state))
    {
      rapport_section_menu_append (change, _("_Resolve…"), "case.resolve", kase->id);
      rapport_section_menu_append (change, kase->state == RAPPORT_CASE_ESCALATED ? _("Change _Escalation…") : _("_Escalate…"),
                   "case.escalate", kase->id);
    }
  rapport_section_menu_append (change, _("_Open Customer"), "case.open-customer", kase->customer_id);
  rapport_section_menu_append (remove, _("_Delete"), "case.delete", kase->id);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (change));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (remove));

  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static GtkWidget *
icon_button_new (const char *icon_name,
                 const char *label,
                 const char *action,
                 gint64      id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));

  return button;
}

static GtkWidget *
caption_new (const char *text,
             const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "caption");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);

  return label;
}

static GtkWidget *
case_row_new (const RapportCase  *kase,
              const CustomerInfo *customer,
              GDateTime          *now)
{
  RapportCaseRow info;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *texts;
  GtkWidget *title_box;
  GtkWidget *title;
  GtkWidget *about;
  GtkWidget *more;
  g_autofree char *markup = NULL;
  g_autofree char *when = NULL;
  gint64 id = kase->id;

  rapport_case_row_compute (kase, customer != NULL ? customer->target : 0, now, &info);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), texts);

  title_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (texts), title_box);

  title = gtk_label_new (kase->summary);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (title_box), title);

  if (info.severity != NULL)
    {
      GtkWidget *badge = gtk_label_new (info.severity);
      /* Translators: read out for the severity badge, "Severity: Critical" */
      g_autofree char *spoken = g_strdup_printf (_("Severity: %s"), info.severity);

      gtk_widget_set_valign (badge, GTK_ALIGN_START);
      gtk_widget_add_css_class (badge, "sidebar-count");
      gtk_widget_add_css_class (badge, info.critical ? "overdue" : "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (badge),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                      -1);
      gtk_box_append (GTK_BOX (title_box), badge);
    }

  /* The customer is a link: Tab reaches it, Enter or a click opens them. */
  markup = g_markup_printf_escaped ("<a href=\"customer:%" G_GINT64_FORMAT "\" title=\"%s\">%s</a>%s%s",
                                    kase->customer_id, _("Open Customer"),
                                    customer != NULL ? customer->name : "",
                                    /* Translators: separates the parts of a line, "Jane Doe · Faulty goods" */
                                    _(" · "), info.category);
  about = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (about), markup);
  gtk_label_set_xalign (GTK_LABEL (about), 0);
  gtk_label_set_wrap (GTK_LABEL (about), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (about), PANGO_WRAP_WORD_CHAR);
  g_signal_connect (about, "activate-link", G_CALLBACK (customer_link_cb), NULL);
  gtk_box_append (GTK_BOX (texts), about);

  /* One label that wraps as a whole; coloured as a whole when late. */
  if (info.response != NULL)
    {
      const char *style = "dim-label";

      if (info.response_late)
        style = info.waiting ? "error" : "warning";

      /* Translators: when a case was opened and how soon it was answered,
       * "opened 3 days ago · No response yet" */
      when = g_strdup_printf (_("%s · %s"), info.opened, info.response);
      gtk_box_append (GTK_BOX (texts), caption_new (when, style));
    }
  else
    gtk_box_append (GTK_BOX (texts), caption_new (info.opened, "dim-label"));

  if (info.escalation != NULL && kase->state == RAPPORT_CASE_ESCALATED)
    gtk_box_append (GTK_BOX (texts), caption_new (info.escalation, "dim-label"));
  if (info.resolution != NULL)
    gtk_box_append (GTK_BOX (texts), caption_new (info.resolution, "dim-label"));

  if (!rapport_case_state_is_resolved (kase->state))
    gtk_box_append (GTK_BOX (box),
                    icon_button_new ("object-select-symbolic", _("Resolve"), "case.resolve", id));
  gtk_box_append (GTK_BOX (box),
                  icon_button_new ("document-edit-symbolic", _("Edit"), "case.edit", id));

  more = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (more), "view-more-symbolic");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (more), create_more_menu_cb,
                                         g_memdup2 (&id, sizeof id), g_free);
  gtk_widget_set_tooltip_text (more, _("More Actions"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (more),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("More Actions"),
                                  -1);
  gtk_widget_set_valign (more, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (more, "flat");
  gtk_box_append (GTK_BOX (box), more);

  rapport_case_row_clear (&info);

  return row;
}

static CustomerInfo *
customer_info_new (RapportStore *store,
                   GPtrArray    *targets,
                   gint64        customer_id)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GPtrArray) types = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  CustomerInfo *info = g_new0 (CustomerInfo, 1);

  if (!(customer = rapport_store_get_customer (store, customer_id, &error)))
    {
      g_warning ("Could not read customer %" G_GINT64_FORMAT ": %s", customer_id, error->message);
      info->name = g_strdup ("");
      info->target = rapport_case_response_target (targets, NULL);
      return info;
    }

  for (guint i = 0; customer->types != NULL && i < customer->types->len; i++)
    g_ptr_array_add (types, g_ptr_array_index (customer->types, i));
  for (guint i = 0; customer->derived_types != NULL && i < customer->derived_types->len; i++)
    g_ptr_array_add (types, g_ptr_array_index (customer->derived_types, i));

  info->name = g_strdup (customer->display_name);
  info->target = rapport_case_response_target (targets, types);

  return info;
}

static void
reload (RapportCasesView *self)
{
  RapportStore *store = rapport_context_get_store (self->context);
  g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);
  g_autoptr(GHashTable) customers = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GError) error = NULL;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  double scroll = gtk_adjustment_get_value (adjustment);
  guint counts[N_GROUPS] = { 0 };
  guint open;

  self->dirty = FALSE;
  g_hash_table_remove_all (self->listed);
  for (guint i = 0; i < N_GROUPS; i++)
    rapport_section_clear_list (self->groups[i].list);

  if (!(targets = rapport_store_list_service_targets (store, &error)))
    {
      g_warning ("Could not list the service targets: %s", error->message);
      g_clear_error (&error);
    }

  if (!(cases = rapport_store_list_cases (store, 0, FALSE, &error)))
    g_warning ("Could not list the cases: %s", error->message);

  customers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                     (GDestroyNotify) customer_info_free);

  for (guint i = 0; cases != NULL && i < cases->len; i++)
    {
      const RapportCase *kase = g_ptr_array_index (cases, i);
      RapportCaseGroup group = rapport_case_group_for (kase, now);
      CustomerInfo *customer;
      RapportCase *copy;

      if (group == RAPPORT_CASE_GROUP_NONE)
        continue;

      if (!(customer = g_hash_table_lookup (customers, &kase->customer_id)))
        {
          customer = customer_info_new (store, targets, kase->customer_id);
          g_hash_table_insert (customers, g_memdup2 (&kase->customer_id, sizeof (gint64)), customer);
        }

      gtk_list_box_append (self->groups[group - 1].list, case_row_new (kase, customer, now));
      counts[group - 1]++;

      copy = case_copy (kase);
      g_hash_table_insert (self->listed, &copy->id, copy);
    }

  for (guint i = 0; i < N_GROUPS; i++)
    {
      g_autofree char *count = g_strdup_printf ("%u", counts[i]);

      gtk_label_set_label (self->groups[i].count, count);
      gtk_widget_set_visible (GTK_WIDGET (self->groups[i].count), counts[i] > 0);
    }

  /* Open stays to say there is nothing open when only resolved cases are
   * listed; the other groups show when they have cases. */
  gtk_widget_set_visible (self->escalated_group, counts[RAPPORT_CASE_GROUP_ESCALATED - 1] > 0);
  gtk_widget_set_visible (self->resolved_group, counts[RAPPORT_CASE_GROUP_RESOLVED - 1] > 0);

  open = counts[RAPPORT_CASE_GROUP_OPEN - 1] + counts[RAPPORT_CASE_GROUP_ESCALATED - 1];
  if (open > 0)
    {
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open", "%u open", open),
                                                   open);

      adw_window_title_set_subtitle (self->title, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->title, NULL);

  gtk_stack_set_visible_child_name (self->stack,
                                    g_hash_table_size (self->listed) > 0 ? "list" : "empty");
  gtk_adjustment_set_value (adjustment, scroll);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  RapportCasesView *self = user_data;

  self->reload_id = 0;
  reload (self);

  return G_SOURCE_REMOVE;
}

/* Many writes in a row (an import, an Undo) make one reload. */
static void
queue_reload (RapportCasesView *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }

  if (self->reload_id == 0)
    self->reload_id = g_idle_add (reload_idle_cb, self);
}

static void
store_changed_cb (RapportCasesView *self,
                  guint             entity,
                  guint             change,
                  gint64            id,
                  RapportStore     *store)
{
  if (entity == RAPPORT_ENTITY_CASE ||
      entity == RAPPORT_ENTITY_CUSTOMER ||
      entity == RAPPORT_ENTITY_CUSTOMER_TYPE ||
      entity == RAPPORT_ENTITY_SERVICE_TARGET ||
      entity == RAPPORT_ENTITY_ALL)
    queue_reload (self);
}

static void
update_case (RapportCasesView  *self,
             const RapportCase *before,
             RapportCase       *after,
             const char        *failure,
             const char        *done)
{
  g_autoptr(GError) error = NULL;
  Undo *undo = undo_new (self, before);

  if (!rapport_store_update_case (rapport_context_get_store (self->context), after, &error))
    {
      undo_free (undo, NULL);
      rapport_window_toast_error (get_root (self), failure, error);
      return;
    }

  rapport_window_toast_for (get_root (self), rapport_section_undo_toast_new (done, G_CALLBACK (undo_update_cb), undo, undo_free));
}

static void
resolve_dialog_response_cb (RapportCasesView *self,
                            const char       *response)
{
  const RapportCase *kase = lookup (self, self->dialog_case_id);
  g_autoptr(RapportCase) after = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint selected;

  self->dialog_case_id = 0;

  if (g_strcmp0 (response, "resolve") != 0 || kase == NULL)
    return;

  selected = adw_combo_row_get_selected (self->resolution_row);
  if (selected == GTK_INVALID_LIST_POSITION)
    return;

  now = rapport_context_dup_now (self->context);
  after = case_copy (kase);
  after->state = RAPPORT_CASE_RESOLVED;
  /* The list skips "None yet": the first choice is the first real kind. */
  after->resolution = (RapportResolution) (selected + 1);
  after->resolved_at = MAX (g_date_time_to_unix (now), kase->opened_at);
  g_free (after->resolution_notes);
  after->resolution_notes = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->resolution_notes_row)));

  update_case (self, kase, after, _("Could not resolve the case"), _("Case resolved"));
}

static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RapportCasesView *self = RAPPORT_CASES_VIEW (widget);
  const RapportCase *kase = lookup (self, g_variant_get_int64 (parameter));

  if (kase == NULL)
    return;

  self->dialog_case_id = kase->id;
  adw_message_dialog_set_body (self->resolve_dialog, kase->summary);
  adw_combo_row_set_selected (self->resolution_row,
                              kase->resolution != RAPPORT_RESOLUTION_NONE ? kase->resolution - 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->resolution_notes_row),
                         kase->resolution_notes != NULL ? kase->resolution_notes : "");

  gtk_window_set_transient_for (GTK_WINDOW (self->resolve_dialog), get_window (self));
  gtk_window_present (GTK_WINDOW (self->resolve_dialog));
  gtk_widget_grab_focus (GTK_WIDGET (self->resolution_row));
}

static void
escalate_dialog_changed_cb (RapportCasesView *self)
{
  g_autofree char *to = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->escalated_to_row))));

  adw_message_dialog_set_response_enabled (self->escalate_dialog, "escalate", *to != '\0');
}

static void
escalate_dialog_response_cb (RapportCasesView *self,
                             const char       *response)
{
  const RapportCase *kase = lookup (self, self->dialog_case_id);
  g_autoptr(RapportCase) after = NULL;
  g_autofree char *to = NULL;
  guint how;

  self->dialog_case_id = 0;

  if (g_strcmp0 (response, "escalate") != 0 || kase == NULL)
    return;

  to = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->escalated_to_row))));
  how = adw_combo_row_get_selected (self->escalation_channel_row);
  if (*to == '\0' || how >= G_N_ELEMENTS (escalation_channels))
    return;

  after = case_copy (kase);
  after->state = RAPPORT_CASE_ESCALATED;
  g_free (after->escalated_to);
  after->escalated_to = g_steal_pointer (&to);
  after->escalation_channel = escalation_channels[how];

  update_case (self, kase, after, _("Could not escalate the case"), _("Case escalated"));
}

static void
escalate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RapportCasesView *self = RAPPORT_CASES_VIEW (widget);
  const RapportCase *kase = lookup (self, g_variant_get_int64 (parameter));
  guint how = 0;

  if (kase == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (escalation_channels); i++)
    if (escalation_channels[i] == kase->escalation_channel)
      how = i;

  self->dialog_case_id = kase->id;
  adw_message_dialog_set_body (self->escalate_dialog, kase->summary);
  gtk_editable_set_text (GTK_EDITABLE (self->escalated_to_row),
                         kase->escalated_to != NULL ? kase->escalated_to : "");
  adw_combo_row_set_selected (self->escalation_channel_row, how);
  escalate_dialog_changed_cb (self);

  gtk_window_set_transient_for (GTK_WINDOW (self->escalate_dialog), get_window (self));
  gtk_window_present (GTK_WINDOW (self->escalate_dialog));
  gtk_widget_grab_focus (GTK_WIDGET (self->escalated_to_row));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  RapportCasesView *self = RAPPORT_CASES_VIEW (widget);

  gtk_window_present (rapport_case_dialog_new (get_window (self), self->context, 0, 0));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportCasesView *self = RAPPORT_CASES_VIEW (widget);
  const RapportCase *kase = lookup (self, g_variant_get_int64 (parameter));

  if (kase == NULL)
    return;

  gtk_window_present (rapport_case_dialog_new (get_window (self), self->context,
                                               kase->customer_id, kase->id));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportCasesView *self = RAPPORT_CASES_VIEW (widget);
  RapportStore *store = rapport_context_get_store (self->context);
  const RapportCase *kase = lookup (self, g_variant_get_int64 (parameter));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  Undo *undo;

  if (kase == NULL)
    return;

  undo = undo_new (self, kase);
  if (!rapport_store_delete_case (store, kase->id, &error))
    {
      undo_free (undo, NULL);
      rapport_window_toast_error (get_root (self), _("Could not delete the case"), error);
      return;
    }

  /* Translators: %s is the case's summary */
  title = g_markup_printf_escaped (_("“%s” deleted"), undo->before->summary);
  rapport_window_toast_for (get_root (self), rapport_section_undo_toast_new (title, G_CALLBACK (undo_delete_cb), undo, undo_free));
}

static void
rapport_cases_view_map (GtkWidget *widget)
{
  RapportCasesView *self = RAPPORT_CASES_VIEW (widget);

  GTK_WIDGET_CLASS (rapport_cases_view_parent_class)->map (widget);

  if (self->dirty)
    reload (self);
}

static void
rapport_cases_view_constructed (GObject *object)
{
  RapportCasesView *self = RAPPORT_CASES_VIEW (object);

  G_OBJECT_CLASS (rapport_cases_view_parent_class)->constructed (object);

  g_assert (RAPPORT_IS_CONTEXT (self->context));

  g_signal_connect_object (rapport_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
rapport_cases_view_dispose (GObject *object)
{
  RapportCasesView *self = RAPPORT_CASES_VIEW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);

  /* Toplevels: the template does not own them the way it owns children. */
  if (self->resolve_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->resolve_dialog));
  if (self->escalate_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->escalate_dialog));

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_CASES_VIEW);
  /* Unbound template children too: the layout manager holds them. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);

  g_clear_pointer (&self->listed, g_hash_table_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rapport_cases_view_parent_class)->dispose (object);
}

static void
rapport_cases_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RapportCasesView *self = RAPPORT_CASES_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_cases_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RapportCasesView *self = RAPPORT_CASES_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_NARROW:
      if (self->narrow != g_value_get_boolean (value))
        {
          self->narrow = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_cases_view_class_init (RapportCasesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rapport_cases_view_constructed;
  object_class->dispose = rapport_cases_view_dispose;
  object_class->get_property = rapport_cases_view_get_property;
  object_class->set_property = rapport_cases_view_set_property;

  widget_class->map = rapport_cases_view_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RAPPORT_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rapportcrm/Rapport/rapport-cases-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, title);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, open_group);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, open_count);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, open_list);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, escalated_group);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, escalated_count);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, escalated_list);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, resolved_group);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, resolved_count);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, resolved_list);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, resolve_dialog);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, resolution_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, resolution_model);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, resolution_notes_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, escalate_dialog);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, escalated_to_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCasesView, escalation_channel_row);
  gtk_widget_class_bind_template_callback (widget_class, resolve_dialog_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, escalate_dialog_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, escalate_dialog_changed_cb);

  gtk_widget_class_install_action (widget_class, "case.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "case.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "case.resolve", "x", resolve_action);
  gtk_widget_class_install_action (widget_class, "case.escalate", "x", escalate_action);
  gtk_widget_class_install_action (widget_class, "case.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "case.open-customer", "x", rapport_section_open_customer);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_ALT_MASK, "case.new", NULL);
}

static void
rapport_cases_view_init (RapportCasesView *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->listed = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                        (GDestroyNotify) rapport_case_free);
  self->dirty = TRUE;

  self->groups[RAPPORT_CASE_GROUP_OPEN - 1] = (CaseGroup) { self->open_group, self->open_count, self->open_list };
  self->groups[RAPPORT_CASE_GROUP_ESCALATED - 1] = (CaseGroup) { self->escalated_group, self->escalated_count,
                                                                 self->escalated_list };
  self->groups[RAPPORT_CASE_GROUP_RESOLVED - 1] = (CaseGroup) { self->resolved_group, self->resolved_count,
                                                                self->resolved_list };

  for (guint i = 0; rapport_resolution_info[i].key != NULL; i++)
    if (rapport_resolution_info[i].value != RAPPORT_RESOLUTION_NONE)
      gtk_string_list_append (self->resolution_model, _(rapport_resolution_info[i].label));

  placeholder = gtk_label_new (_("Nothing open: every case is resolved"));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->open_list, placeholder);
}

GtkWidget *
rapport_cases_view_new (RapportContext *context)
{
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);

  return g_object_new (RAPPORT_TYPE_CASES_VIEW,
                       "context", context,
                       NULL);
}
