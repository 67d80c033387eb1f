// The empty state of a screen that arrives in a later release: what it will do and where to go meanwhile.
import type { ReactNode } from "react";
import { CheckIcon } from "../icons";
import { ComingNextBadge } from "./ComingNextBadge";
import { PageHeader } from "./PageHeader";
import "./placeholder-screen.css";

type PlaceholderScreenProps = {
  title: string;
  description: string;
  eyebrow?: ReactNode;
  icon: ReactNode;
  heading: string;
  body: string;
  plans: readonly string[];
  /** Shown under the plans, e.g. the change kinds the review will sort people into. */
  extra?: ReactNode;
  /** The one thing the admin can usefully do from here today. */
  action?: ReactNode;
};

export function PlaceholderScreen(props: PlaceholderScreenProps) {
  return (
    <div className="page">
      <PageHeader title={props.title} description={props.description} eyebrow={props.eyebrow} />
      <section className="placeholder" aria-labelledby="placeholder-heading">
        <div className="placeholder__top">
          <span className="placeholder__icon">{props.icon}</span>
          <ComingNextBadge />
        </div>
        <h2 id="placeholder-heading" className="placeholder__heading">
          {props.heading}
        </h2>
        <p className="placeholder__body">{props.body}</p>
        <ul className="placeholder__plans" aria-label="What this screen will do">
          {props.plans.map((plan) => (
            <li key={plan}>
              <CheckIcon size={14} className="placeholder__plan-icon" />
              {plan}
            </li>
          ))}
        </ul>
        {props.extra}
        {props.action && <div className="placeholder__action">{props.action}</div>}
      </section>
    </div>
  );
}
