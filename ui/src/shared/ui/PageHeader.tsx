// The top of every screen: optional eyebrow (e.g. "Step 1 of 3"), the page title, a one-line purpose.
import type { ReactNode } from "react";
import "./page.css";

type PageHeaderProps = {
  title: string;
  description: string;
  eyebrow?: ReactNode;
  titleTestId?: string;
};

export function PageHeader({ title, description, eyebrow, titleTestId }: PageHeaderProps) {
  return (
    <header className="page-header">
      {eyebrow && <p className="page-header__eyebrow">{eyebrow}</p>}
      <h1 className="page-header__title" tabIndex={-1} data-testid={titleTestId}>
        {title}
      </h1>
      <p className="page-header__description">{description}</p>
    </header>
  );
}
