import { helpdeskMessages } from "./areas/helpdesk";
import { planningMessages } from "./areas/planning";
import { customersMessages } from "./areas/customers";
import { searchMessages } from "./areas/search";
import { emailMessages } from "./areas/email";
import { portalMessages } from "./areas/portal";
import { realtimeMessages } from "./areas/realtime";
import { salesDealsMessages } from "./areas/sales-deals";
import { salesAgendaMessages } from "./areas/sales-agenda";
import { salesDocumentsMessages } from "./areas/sales-documents";
import { apiMessages } from "./areas/api";
import { reportingMessages } from "./areas/reporting";
import { reportingServiceMessages } from "./areas/reporting-service";
import { reportingSalesMessages } from "./areas/reporting-sales";
import { wallBoardMessages } from "./areas/wall-boards";
import { weeklyReportMessages } from "./areas/weekly-report";
import { automationsMessages } from "./areas/automations";
import { publicApiMessages } from "./areas/public-api";
import { webhooksMessages } from "./areas/webhooks";
import { marketingAudienceMessages } from "./areas/marketing-audience";
import { marketingCampaignsMessages } from "./areas/marketing-campaigns";
import { marketingResultsMessages } from "./areas/marketing-results";
import { importsMessages } from "./areas/imports";
import { importWizardMessages } from "./areas/import-wizard";
import { exportsMessages } from "./areas/exports";
import { privacyMessages } from "./areas/privacy";
import { privacyErasureMessages } from "./areas/privacy-erasure";
import { knowledgeAuthoringMessages } from "./areas/knowledge-authoring";
import { helpCentreMessages } from "./areas/help-centre";
import { knowledgeAgentMessages } from "./areas/knowledge-agent";

/** Shared and foundation messages; each area adds its own catalogue from ./areas. */
const core = {
  "app.name": "Comptoir",
  "app.tagline": "Ne faites plus attendre vos clients.",
  "app.skipToContent": "Aller au contenu",

  "nav.support": "Support",
  "nav.clients": "Clients",
  "nav.sales": "Ventes",
  "nav.marketing": "Marketing",
  "nav.knowledge": "Connaissances",
  "nav.dashboard": "Tableau de bord",
  "nav.admin": "Administration",
  "nav.account": "Mon compte",
  "nav.signOut": "Se déconnecter",
  "nav.mainMenu": "Menu principal",
  "nav.openMenu": "Ouvrir le menu",

  "common.save": "Enregistrer",
  "common.cancel": "Annuler",
  "common.create": "Créer",
  "common.edit": "Modifier",
  "common.search": "Rechercher",
  "common.filter": "Filtrer",
  "common.yes": "Oui",
  "common.no": "Non",
  "common.none": "Aucun",
  "common.all": "Tous",
  "common.back": "Retour",
  "common.language": "Langue",
  "common.never": "Jamais",
  "common.actions": "Actions",
  "common.previous": "Précédent",
  "common.next": "Suivant",
  "common.close": "Fermer",
  "common.formHasErrors": "Le formulaire contient des erreurs : corrigez les champs signalés.",

  "locale.fr": "Français",
  "locale.en": "English",

  "roles.admin": "Administrateur",
  "roles.technician": "Technicien",
  "roles.sales": "Commercial",
  "roles.marketing": "Marketing",
  "roles.manager": "Direction",

  "validation.required": "Ce champ est obligatoire.",
  "validation.email": "Saisissez une adresse e-mail valide.",
  "validation.tooLong": "Ce texte est trop long.",
  "validation.choose": "Choisissez une valeur dans la liste.",
  "validation.passwordTooShort": "Le mot de passe doit contenir au moins 8 caractères.",
  "validation.passwordsDiffer": "Les deux mots de passe ne sont pas identiques.",
  "validation.emailTaken": "Cette adresse est déjà utilisée par un autre compte.",
  "validation.nameTaken": "Ce nom est déjà utilisé.",
  "validation.staleRecord": "Quelqu'un a modifié cette fiche entre-temps. Rechargez la page pour voir ses changements.",

  "login.title": "Connexion",
  "login.subtitle": "Connectez-vous à votre espace Comptoir.",
  "login.email": "Adresse e-mail",
  "login.password": "Mot de passe",
  "login.submit": "Se connecter",
  "login.invalid": "Adresse e-mail ou mot de passe incorrect.",
  "login.rateLimited": "Trop de tentatives de connexion. Réessayez dans {minutes} min.",
  "login.signedOut": "Vous êtes déconnecté.",
  "login.demoHint": "Démo : admin@comptoir.test, tech@comptoir.test, ventes@comptoir.test… mot de passe « comptoir ».",

  "firstRun.title": "Premier démarrage",
  "firstRun.intro": "Créez le compte administrateur de votre espace Comptoir.",
  "firstRun.name": "Votre nom",
  "firstRun.confirmPassword": "Confirmez le mot de passe",
  "firstRun.submit": "Créer l'administrateur",
  "firstRun.alreadyDone": "Un administrateur existe déjà : connectez-vous.",

  "errors.forbiddenTitle": "Accès refusé",
  "errors.forbiddenText": "Votre rôle ne vous permet pas d'ouvrir cette page. Demandez l'accès à un administrateur si vous en avez besoin.",
  "errors.csrfText": "Le formulaire a expiré ou ne vient pas de Comptoir. Rechargez la page et recommencez.",
  "errors.notFoundTitle": "Page introuvable",
  "errors.notFound": "Cette page n'existe pas ou vous n'y avez pas accès.",
  "errors.serverTitle": "Une erreur est survenue",
  "errors.serverText": "Nous n'avons pas pu afficher cette page. Réessayez dans un instant ; si le problème persiste, prévenez votre administrateur.",
  "errors.backHome": "Retour à l'accueil",
  "errors.tooManyRequests": "Trop de requêtes. Réessayez dans quelques minutes.",

  "support.title": "Support",
  "support.openTickets": "Tickets ouverts",
  "support.count": "{count} ticket(s)",
  "support.empty": "Aucun ticket ouvert. Bravo !",
  "support.waitingCustomers": "Clients en attente",
  "support.unassigned": "Non assignés",
  "support.mine": "Mes tickets",
  "support.colNumber": "N°",
  "support.colSubject": "Objet",
  "support.colRequester": "Demandeur",
  "support.colCompany": "Société",
  "support.colStatus": "Statut",
  "support.colPriority": "Priorité",
  "support.colAssignee": "Assigné à",
  "support.colUpdated": "Mis à jour",
  "support.unassignedLabel": "Non assigné",

  "ticket.status.new": "Nouveau",
  "ticket.status.open": "Ouvert",
  "ticket.status.pending_customer": "En attente client",
  "ticket.status.on_hold": "En pause",
  "ticket.status.solved": "Résolu",
  "ticket.status.closed": "Clos",
  "ticket.priority.low": "Basse",
  "ticket.priority.normal": "Normale",
  "ticket.priority.high": "Haute",
  "ticket.priority.urgent": "Urgente",
  "ticket.type.information": "Demande d'information",
  "ticket.type.incident": "Incident technique",
  "ticket.type.complaint": "Réclamation",
  "ticket.type.other": "Autre",
  "ticket.channel.email": "E-mail",
  "ticket.channel.web": "Formulaire web",
  "ticket.channel.portal": "Portail client",
  "ticket.channel.phone": "Téléphone",

  "clients.title": "Clients",
  "clients.companies": "Sociétés",
  "clients.searchPlaceholder": "Nom de société ou ville",
  "clients.colName": "Société",
  "clients.colSector": "Secteur",
  "clients.colCity": "Ville",
  "clients.colContacts": "Contacts",
  "clients.colOpenTickets": "Tickets ouverts",
  "clients.colOwner": "Commercial",
  "clients.empty": "Aucune société ne correspond.",
  "sector.industry": "Industrie",
  "sector.commerce": "Commerce",
  "sector.services": "Services",

  "sales.title": "Ventes",
  "sales.portfolio": "Mon portefeuille clients",
  "sales.portfolioIntro": "Les sociétés dont vous êtes le commercial, avec leur historique de service avant votre prochain appel.",
  "sales.allCompanies": "Toutes les sociétés suivies",
  "sales.colLastTicket": "Dernière demande",
  "sales.empty": "Aucune société ne vous est attribuée.",

  "marketing.title": "Marketing",

  "dashboard.title": "Tableau de bord",
  "dashboard.waitingNow": "Clients en attente de réponse",
  "dashboard.openBacklog": "Tickets ouverts",
  "dashboard.createdToday": "Tickets créés aujourd'hui",
  "dashboard.solvedThisWeek": "Résolus sur 7 jours",
  "dashboard.byStatus": "Tickets par statut",
  "dashboard.byPriority": "Tickets ouverts par priorité",
  "dashboard.longestWait": "Attente la plus longue",

  "admin.title": "Administration",
  "admin.users": "Utilisateurs",
  "admin.groups": "Groupes",
  "admin.audit": "Journal d'audit",
  "admin.users.new": "Nouvel utilisateur",
  "admin.users.edit": "Modifier l'utilisateur",
  "admin.users.colName": "Nom",
  "admin.users.colEmail": "E-mail",
  "admin.users.colRole": "Rôle",
  "admin.users.colGroups": "Groupes",
  "admin.users.colStatus": "État",
  "admin.users.colLastLogin": "Dernière connexion",
  "admin.users.colSessions": "Sessions",
  "admin.users.active": "Actif",
  "admin.users.inactive": "Désactivé",
  "admin.users.name": "Nom complet",
  "admin.users.email": "Adresse e-mail",
  "admin.users.role": "Rôle",
  "admin.users.groups": "Groupes (équipes)",
  "admin.users.restrictToGroups": "Limiter aux tickets de ses groupes",
  "admin.users.restrictHint": "Sans cette option, la personne voit les tickets de tous les groupes.",
  "admin.users.initialPassword": "Mot de passe initial",
  "admin.users.activeLabel": "Compte actif",
  "admin.users.activeHint": "Désactiver un compte ferme immédiatement toutes ses sessions.",
  "admin.users.locale": "Langue de l'interface",
  "admin.users.created": "Utilisateur {name} créé.",
  "admin.users.saved": "Modifications enregistrées.",
  "admin.users.cannotLockSelf": "Vous ne pouvez pas retirer votre propre rôle d'administrateur ni désactiver votre compte.",
  "admin.users.sessions": "Sessions ouvertes",
  "admin.users.noSessions": "Aucune session ouverte.",
  "admin.users.revoke": "Fermer",
  "admin.users.revokeAll": "Fermer toutes les sessions",
  "admin.users.sessionsRevoked": "{count} session(s) fermée(s).",
  "admin.users.sessionStarted": "Ouverte le {date}",
  "admin.users.sessionSeen": "dernière activité {date}",
  "admin.groups.new": "Nouveau groupe",
  "admin.groups.name": "Nom du groupe",
  "admin.groups.description": "Description",
  "admin.groups.members": "Membres",
  "admin.groups.tickets": "Tickets",
  "admin.groups.created": "Groupe {name} créé.",
  "admin.audit.colWhen": "Date",
  "admin.audit.colWho": "Par",
  "admin.audit.colAction": "Action",
  "admin.audit.colTarget": "Objet",
  "admin.audit.system": "Système",

  "account.title": "Mon compte",
  "account.preferences": "Préférences",
  "account.localeSaved": "Langue enregistrée.",
  "account.password": "Mot de passe",
  "account.currentPassword": "Mot de passe actuel",
  "account.newPassword": "Nouveau mot de passe",
  "account.confirmPassword": "Confirmez le nouveau mot de passe",
  "account.passwordChanged": "Mot de passe modifié.",
  "account.wrongPassword": "Le mot de passe actuel est incorrect.",
  "account.sessions": "Mes sessions",
  "account.thisSession": "cette session",
} as const;

/** French is the reference catalogue: every key exists here, and English must match it. */
export const fr = {
  ...core,
  ...helpdeskMessages.fr,
  ...planningMessages.fr,
  ...customersMessages.fr,
  ...searchMessages.fr,
  ...emailMessages.fr,
  ...portalMessages.fr,
  ...realtimeMessages.fr,
  ...salesDealsMessages.fr,
  ...salesAgendaMessages.fr,
  ...salesDocumentsMessages.fr,
  ...apiMessages.fr,
  ...reportingMessages.fr,
  ...reportingServiceMessages.fr,
  ...reportingSalesMessages.fr,
  ...wallBoardMessages.fr,
  ...weeklyReportMessages.fr,
  ...automationsMessages.fr,
  ...publicApiMessages.fr,
  ...webhooksMessages.fr,
  ...marketingAudienceMessages.fr,
  ...marketingCampaignsMessages.fr,
  ...marketingResultsMessages.fr,
  ...importsMessages.fr,
  ...importWizardMessages.fr,
  ...exportsMessages.fr,
  ...privacyMessages.fr,
  ...privacyErasureMessages.fr,
  ...knowledgeAuthoringMessages.fr,
  ...helpCentreMessages.fr,
  ...knowledgeAgentMessages.fr,
};

export type MessageKey = keyof typeof fr;
