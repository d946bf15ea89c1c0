/**
 * @module intro-languages
 * The opening explanation of the anonymous report page in languages many people in exploitation in
 * the Netherlands speak, besides Dutch and English (the app's own languages). Short and plain, in our
 * own words; the form itself stays in Dutch or English.
 */

export type IntroText = { lang: string; language: string; text: string };

export const INTRO_LANGUAGES: readonly IntroText[] = [
  {
    lang: "pl",
    language: "Polski",
    text: "Czy uważasz, że ktoś jest wykorzystywany lub zmuszany do czegoś? Możesz to zgłosić tutaj, bez podawania imienia i nazwiska. Nie zapisujemy Twojego adresu IP ani danych o Twoim urządzeniu. Po wysłaniu zgłoszenia otrzymasz kod. Dzięki niemu możesz później przeczytać nasze pytania i na nie odpowiedzieć. Jeśli ktoś jest teraz w niebezpieczeństwie, zadzwoń pod numer 112.",
  },
  {
    lang: "ro",
    language: "Română",
    text: "Credeți că cineva este exploatat sau obligat să facă ceva? Puteți raporta aici, fără să vă spuneți numele. Nu păstrăm adresa dumneavoastră IP și nici date despre dispozitivul dumneavoastră. După trimitere primiți un cod. Cu acest cod puteți citi mai târziu întrebările noastre și le puteți răspunde. Dacă cineva este acum în pericol, sunați la 112.",
  },
  {
    lang: "bg",
    language: "Български",
    text: "Смятате ли, че някой е експлоатиран или принуждаван да прави нещо? Можете да съобщите тук, без да казвате името си. Не пазим вашия IP адрес, нито данни за вашето устройство. След изпращане ще получите код. С него по-късно можете да прочетете нашите въпроси и да отговорите. Ако някой е в опасност сега, обадете се на 112.",
  },
  {
    lang: "uk",
    language: "Українська",
    text: "Ви вважаєте, що когось експлуатують або змушують щось робити? Повідомте про це тут, не називаючи свого імені. Ми не зберігаємо вашу IP-адресу та дані про ваш пристрій. Після надсилання ви отримаєте код. З ним ви зможете пізніше прочитати наші запитання й відповісти на них. Якщо хтось зараз у небезпеці, телефонуйте 112.",
  },
];
